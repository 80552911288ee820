# In-place mistakes (description format version 2) capnpc-sdmarshal reports:
# every struct of a file has $ctype or none, and fields only mirrors can hold.
@0xb7e5d3d0c9a1f202;

using M = import "/marshal.capnp";
$M.cinclude(["nowhere.h"]);

struct Adapter $M.ctype("struct adapter") {
  name @0 :Text $M.cfield("name");
  table @1 :List(UInt8) $M.cfield("table");
  wideFn @2 :UInt64 $M.fnptr;
  notAList @3 :UInt32 $M.inline;
  flags @4 :UInt64 $M.opaque $M.bitfield;
  fnAndGlobal @5 :UInt32 $M.fnptr $M.global;
  signedFlags @6 :Int32 $M.flags;
  boolFlags @7 :Bool $M.flags;
  chainWithoutRef @8 :List(UInt32) $M.chain("node") $M.toUser;
  chainOfBytes @9 :List(UInt8) $M.ref("Mirror") $M.chain("node") $M.toUser;
}

struct Mirror {
  x @0 :UInt32;
}
# CHECK: inplace.capnp: Adapter.wideFn: error: $fnptr field must be UInt32 (a table index)
# CHECK: inplace.capnp: Adapter.fnAndGlobal: error: at most one of $ref, $string, $opaque, $region, $fnptr, $global, $bytes, $work, $delayedWork may be given
# CHECK: inplace.capnp: Adapter.signedFlags: error: $flags needs an unsigned integer of 8 to 64 bits, not a bit-field
# CHECK: inplace.capnp: Adapter.boolFlags: error: $flags needs an unsigned integer of 8 to 64 bits, not a bit-field
# CHECK: inplace.capnp: Adapter.chainWithoutRef: error: $chain needs $ref (the entries' struct) and $toUser, and nothing else
# CHECK: inplace.capnp: Adapter.chainOfBytes: error: $chain field must be List(UInt32) (object-table indices)
# CHECK: inplace.capnp: file: error: either every struct has $ctype or none does (1 of 2 have it)
# CHECK: inplace.capnp: Adapter.name: error: Text, Data, Enum and Float fields have no in-place C form
# CHECK: inplace.capnp: Adapter.table: error: a list in an in-place struct must be $inline (a C array member)
# CHECK: inplace.capnp: Adapter.notAList: error: $inline applies to List fields only
# CHECK: inplace.capnp: Adapter.flags: error: $bitfield applies to integer and Bool fields only
