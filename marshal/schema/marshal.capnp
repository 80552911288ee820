# Annotations that tell the marshal code generator (capnpc-sdmarshal) how a
# schema field maps onto the C object it mirrors. The generator checks each
# use (annotated field of the wrong type, unknown referent or length field)
# and reports it with the struct and field name.
@0xe897991a78e471fd;

# The field holds a reference to another object of the message's object
# table: the message-local index (UInt32, 0 = NULL) of an object whose schema
# struct is named here (same file). The C mirror field is a typed pointer.
# Aliases and cycles survive because each object is sent once per message.
annotation ref @0xec995587374e8c5d (field) :Text;

# With $ref: the sibling integer field holding the referent array's length.
annotation length @0xc4a65e381f930d28 (field) :Text;

# The field (UInt32) references a NUL-terminated string object (char *).
annotation string @0xee4071cf8305ae8b (field) :Void;

# The field (UInt64) carries a pointer the other side never dereferences
# (cookies, function pointers): passed through untouched.
annotation opaque @0xfcef463c9d2503f5 (field) :Void;

# The field (UInt64) points into a shared region (__iomem BAR, coherent DMA
# buffer): sent as (region, offset) and rebased on receipt.
annotation region @0xe5ace87a6cd1d506 (field) :Void;

# Field projection: the field crosses only from the kernel to the user half
# ($toUser) or only back ($toKernel). A message in the other direction
# neither carries nor overwrites it (the receiver keeps its own value).
# The direction of a message is sdm_ctx.direction on both sides.
annotation toUser @0x88db59eeb72c8f9e (field) :Void;
annotation toKernel @0x88db59eeb72c8f9f (field) :Void;

# File annotation: prefix of the generated C identifiers (default: the file's
# base name).
annotation cprefix @0xdac8148f53ba9676 (file) :Text;

# In place (description format version 2): the C codec reads and writes the
# driver's own structs instead of generated mirrors. A file's structs are
# either all $ctype or none; an in-place file gets no C++ codec (kernel
# headers are not C++).

# Struct: the C type read in place ("struct net_device").
annotation ctype @0xb3f1d0c25a7e6401 (struct) :Text;
# Struct: C expression for the bytes of one allocation when larger than
# sizeof (a net_device with its private area).
annotation allocSize @0xb3f1d0c25a7e6402 (struct) :Text;
# Struct: objects may live inside another tracked allocation (&pdev->dev).
annotation interior @0xb3f1d0c25a7e6403 (struct) :Void;
# Field: the C member (default: the field's name in snake_case).
annotation cfield @0xb3f1d0c25a7e6404 (field) :Text;
# Field: the C member is a bit-field (no sizeof check).
annotation bitfield @0xb3f1d0c25a7e6405 (field) :Void;
# Field (UInt32): a function pointer, sent as its function-table index + 1.
annotation fnptr @0xb3f1d0c25a7e6406 (field) :Void;
# Field (UInt32): a pointer to a global both halves define (an ops table),
# sent as its globals-table index + 1.
annotation global @0xb3f1d0c25a7e6407 (field) :Void;
# Field (List): the C member is an inline array; its length is the array's.
annotation inline @0xb3f1d0c25a7e6408 (field) :Void;
# Field (UInt32): a byte array object (sdm_bytes_type) whose length is the
# sibling field named here (net_device.dev_addr with addr_len).
annotation bytes @0xb3f1d0c25a7e640a (field) :Text;
# Field ($ref, in place): no member of its own; the referent is at this C
# expression of the object `o` (netdev_priv(o): a private area in the same
# allocation). Sent so the referent travels; on receipt it must be there.
annotation cexpr @0xb3f1d0c25a7e640b (field) :Text;
# Field (UInt32, in place): a work item (struct work_struct / struct
# delayed_work) each half owns; its handler crosses as a function-table
# index, and a receiver whose copy runs another handler (or none: never
# initialised) initialises it with its own entry for that handler.
annotation work @0xb3f1d0c25a7e640c (field) :Void;
annotation delayedWork @0xb3f1d0c25a7e640d (field) :Void;
# Field (List(UInt32), in place, with $ref and $toUser): an embedded
# struct list_head heading a kernel list of the $ref struct's objects,
# linked through the member named here (netdev_hw_addr_list.list and
# netdev_hw_addr.list): sent as the entries' object-table indices in list
# order; the receiver links its copies in that order. The list is the
# kernel's: the user half reads it, never sends it back.
annotation chain @0xb3f1d0c25a7e640f (field) :Text;
# Field (an unsigned integer, in place): a word of flag bits each side sets
# and clears on its own (netdev_queue.state: the driver's XOFF, BQL's): sync
# applies the bits the peer changed, not the whole word.
annotation flags @0xb3f1d0c25a7e6410 (field) :Void;
# File: the codec is in place even when no struct crosses (a driver whose
# crossings carry no object still gets its C codec, with no type).
annotation inPlace @0xb3f1d0c25a7e640e (file) :Void;
# File: headers the in-place codec includes, in order.
annotation cinclude @0xb3f1d0c25a7e6409 (file) :List(Text);
