# Test schema of the marshal codecs: every field kind the generator
# supports, and an object graph with a cycle, an alias, a string, an opaque
# cookie and region pointers. Written for the tests; no driver types.
@0x88db59eeb72c8f9d;

using Cxx = import "/capnp/c++.capnp";
using M = import "/marshal.capnp";
$Cxx.namespace("mtest");
$M.cprefix("mt");

enum Color {
  red @0;
  green @1;
  blue @2;
}

struct Point {
  x @0 :Int32;
  y @1 :Int32;
}

struct Scalars {
  flag @0 :Bool;
  i8 @1 :Int8;
  u8 @2 :UInt8;
  i16 @3 :Int16;
  u16 @4 :UInt16;
  i32 @5 :Int32;
  u32 @6 :UInt32;
  i64 @7 :Int64;
  u64 @8 :UInt64;
  f32 @9 :Float32;
  f64 @10 :Float64;
  color @11 :Color;
  withDefault @12 :Int32 = 42;
  onByDefault @13 :Bool = true;
  minusOne @14 :Int64 = -1;
}

struct Shape {
  name @0 :Text;
  union {
    none @1 :Void;
    circle @2 :UInt32;
    rect @3 :Point;
    label @4 :Text;
  }
}

struct Everything {
  scalars @0 :Scalars;
  origin @1 :Point;
  points @2 :List(Point);
  words @3 :List(UInt16);
  bits @4 :List(Bool);
  signedBytes @5 :List(Int8);
  longs @6 :List(Int64);
  title @7 :Text;
  blob @8 :Data;
  shapes @9 :List(Shape);
  missingText @10 :Text;
  missingData @11 :Data;
  emptyList @12 :List(UInt32);
  emptyText @13 :Text;
}

# An object graph in the shape of a NIC driver's netdev and private data.
struct Device {
  name @0 :UInt32 $M.string;
  priv @1 :UInt32 $M.ref("Adapter");
  mtu @2 :UInt32;
}

struct Adapter {
  netdev @0 :UInt32 $M.ref("Device");
  rings @1 :UInt32 $M.ref("Ring") $M.length("numRings");
  numRings @2 :UInt32;
  txRing @3 :UInt32 $M.ref("Ring");
  hwAddr @4 :UInt64 $M.region;
  cookie @5 :UInt64 $M.opaque;
  msgEnable @6 :UInt32;
  stats @7 :Point;
  firmware @8 :UInt64 $M.ref("Firmware");
  linkSpeed @9 :UInt32 $M.toUser;      # the kernel's to publish
  txPackets @10 :UInt64 $M.toKernel;   # the user half's to report back
}

struct Ring {
  count @0 :UInt32;
  nextToUse @1 :UInt32;
  owner @2 :UInt32 $M.ref("Adapter");
  desc @3 :UInt64 $M.region;
}

struct Firmware {
  version @0 :Text;
  blocks @1 :List(UInt32);
}
