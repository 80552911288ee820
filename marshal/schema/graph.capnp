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
  # Objects the sender freed that the receiver never named back (sent one
  # way only: a ring array the kernel reads, not writes), by the sender's
  # own address; a receiver that holds no copy ignores them.
  freedUnpaired @3 :List(UInt64);
  # The sender's number for this message (1, 2, ...; 0: not numbered) and
  # the highest number of the receiver's messages below which the sender
  # had applied all when it wrote this one: what lets each half tell a
  # field the other changed from one it had not yet heard about (sdt.h).
  seq @4 :UInt64;
  ack @5 :UInt64;
}

struct Object {
  senderAddr @0 :UInt64;        # the object's address on the sending side
  receiverAddr @1 :UInt64;      # its address on the receiving side, 0 if new
  typeId @2 :UInt64;            # schema struct id, or the string type id
  count @3 :UInt32;             # elements (strings: bytes including the NUL)
  body @4 :AnyPointer;
  # An object inside another allocation (&pdev->dev, netdev_priv(netdev)):
  # the table index (1-based) of the object that starts the allocation and
  # the byte offset into it; such an object has no address of its own on the
  # wire and is never tracked by itself.
  container @5 :UInt32;
  offset @6 :UInt32;
  allocSize @7 :UInt32;         # bytes of the allocation (>= the elements)
}

# One crossing (sdm_call.h): the call frame of a request or a reply and the
# envelope of every object its pointer arguments reach. Each argument is one
# UInt64 whose meaning follows the function descriptor (struct sdm_fn):
# scalar value, position in envelope.roots (objects, strings), function
# table index + 1, region wire address, opaque value, (out-scalars) 1 if
# the caller passed a pointer in the request and the value in the reply, or
# (buffers) 0 for NULL, else the buffer's length in bytes + 1.
struct Call {
  fnId @0 :UInt32;
  isReply @1 :Bool;
  ret @2 :UInt64;               # reply: the return value, same encoding
  args @3 :List(UInt64);
  envelope @4 :Envelope;
  # The bytes of the buffer arguments that travel in this message, in
  # argument order: in-buffers in the request, out-buffers in the reply.
  buffers @5 :Data;
  # The file-scope scalars both halves use and one may write (a counter a
  # kernel timer bumps and user code reads), each widened to 64 bits, in
  # the order of sdm_symbols.shared (identical in both halves).
  variables @6 :List(UInt64);
}
