# Every annotation and type mistake capnpc-sdmarshal reports, in one file:
# generation goes on after an error so one run shows them all.
@0xb7e5d3d0c9a1f201;

using M = import "/marshal.capnp";

struct Target {
  x @0 :UInt32;
}

struct Mistakes {
  unknownRef @0 :UInt32 $M.ref("Nowhere");
  refOnText @1 :Text $M.ref("Target");
  signedRef @2 :Int32 $M.ref("Target");
  missingLength @3 :UInt32 $M.ref("Target") $M.length("noSuchField");
  badLength @4 :UInt32 $M.ref("Target") $M.length("signedCount");
  signedCount @5 :Int32;
  narrowOpaque @6 :UInt32 $M.opaque;
  regionOnData @7 :Data $M.region;
  twoKinds @8 :UInt64 $M.opaque $M.region;
  lengthAlone @9 :UInt32 $M.length("signedCount");
  texts @10 :List(Text);
  nested @11 :List(List(UInt8));
  grouped :group {
    inner @12 :UInt32;
  }
  which @13 :UInt32;
  stringField @14 :UInt16 $M.string;
  bothWays @15 :UInt32 $M.toUser $M.toKernel;
}

struct Loop {
  next @0 :List(Loop);
}
# CHECK: annotations.capnp: Mistakes.unknownRef: error: $ref names 'Nowhere', which is not a struct of this file
# CHECK: annotations.capnp: Mistakes.refOnText: error: $ref field must be UInt32 or UInt64 (an object-table index)
# CHECK: annotations.capnp: Mistakes.signedRef: error: $ref field must be UInt32 or UInt64 (an object-table index)
# CHECK: annotations.capnp: Mistakes.narrowOpaque: error: $opaque field must be UInt64 (a pointer)
# CHECK: annotations.capnp: Mistakes.regionOnData: error: $region field must be UInt64 (a pointer)
# CHECK: annotations.capnp: Mistakes.twoKinds: error: at most one of $ref, $string, $opaque, $region, $fnptr, $global, $bytes, $work, $delayedWork may be given
# CHECK: annotations.capnp: Mistakes.lengthAlone: error: $length needs $ref on the same field
# CHECK: annotations.capnp: Mistakes.texts: error: only lists of integers, Bool and structs are supported
# CHECK: annotations.capnp: Mistakes.nested: error: only lists of integers, Bool and structs are supported
# CHECK: annotations.capnp: Mistakes.grouped: error: groups are not supported: use a nested struct
# CHECK: annotations.capnp: Mistakes.which: error: a field may not be called 'which'
# CHECK: annotations.capnp: Mistakes.stringField: error: $string field must be UInt32 or UInt64
# CHECK: annotations.capnp: Mistakes.bothWays: error: $toUser and $toKernel together
# CHECK: annotations.capnp: Mistakes.missingLength: error: $length names 'noSuchField', which is not a field of Mistakes
# CHECK: annotations.capnp: Mistakes.badLength: error: $length field 'signedCount' must be an unsigned integer of at most 32 bits outside the union
# CHECK: annotations.capnp: Loop.next: error: recursive containment
