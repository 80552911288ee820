# The envelope every crossing travels in: an object table, the message's
# roots, and the objects the sender freed since its last message. Payload
# structs come from the driver's generated schema; an object's body is a
# List of its struct type (count elements) or, for strings, Text.
@0xc387b459876671e9;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("sdmarshal");

struct Envelope {
  objects @0 :List(Object);
  roots @1 :List(UInt32);       # object-table indices, 1-based; 0 = NULL
  freed @2 :List(UInt64);       # receiver-side addresses the sender freed
}

struct Object {
  senderAddr @0 :UInt64;        # the object's address on the sending side
  receiverAddr @1 :UInt64;      # its address on the receiving side, 0 if new
  typeId @2 :UInt64;            # schema struct id, or the string type id
  count @3 :UInt32;             # elements (strings: bytes including the NUL)
  body @4 :AnyPointer;
}
