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
