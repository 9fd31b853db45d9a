--@prelude local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end
-- struct.pack: integers and byte order
return hex(struct.pack("b", 1))
return hex(struct.pack("b", -1))
return hex(struct.pack("b", 255))
return hex(struct.pack("b", 256))
return hex(struct.pack("B", 300))
return hex(struct.pack("h", 1))
return hex(struct.pack(">h", 1))
return hex(struct.pack("<h", -2))
return hex(struct.pack(">H", 65535))
return hex(struct.pack("l", 1))
return hex(struct.pack(">l", -1))
return hex(struct.pack(">L", 2^40))
return hex(struct.pack("T", 7))
return hex(struct.pack(">T", 7))
return hex(struct.pack("i", 1))
return hex(struct.pack(">i", 1))
return hex(struct.pack(">I", 2^32 - 1))
return hex(struct.pack(">i1", 1))
return hex(struct.pack(">i2", 258))
return hex(struct.pack(">i3", 65536 * 3))
return hex(struct.pack("<i3", 2^40 + 5))
return hex(struct.pack(">i5", -2))
return hex(struct.pack(">i8", -2))
return hex(struct.pack(">i12", -2))
return hex(struct.pack("<i12", -2))
return hex(struct.pack(">I16", 1))
return hex(struct.pack(">i32", -1))
return hex(struct.pack("i33", 1))
return hex(struct.pack("i0", 5))
return hex(struct.pack(">I8", 0/0))
return hex(struct.pack(">i8", 2^64))
return hex(struct.pack(">i8", 2^63))
return hex(struct.pack(">i8", 2^63 + 2^11))
return hex(struct.pack(">i8", -2^63 - 5000))
return hex(struct.pack(">i8", 1e300))
return hex(struct.pack(">i8", -1e300))
return hex(struct.pack(">i8", 1/0))
return hex(struct.pack(">i8", -1/0))
return hex(struct.pack(">i8", -1.5))
return hex(struct.pack(">i4", 2.99))
return hex(struct.pack(">i4", -2.99))
return hex(struct.pack(">h", "0x10"))
return hex(struct.pack(">h", " 12 "))
return hex(struct.pack(">h", "abc"))
return hex(struct.pack(">h", {}))
return hex(struct.pack(">h"))
return hex(struct.pack("hh", 1))
return hex(struct.pack("hhh", 1))
return hex(struct.pack("bb", 1, 2, 3))
-- struct.pack: floats
return hex(struct.pack("f", 1.5))
return hex(struct.pack(">f", 1.5))
return hex(struct.pack(">f", 0.1))
return hex(struct.pack(">f", 1e300))
return hex(struct.pack(">f", -0.0))
return hex(struct.pack(">f", 0/0))
return hex(struct.pack("d", 1.5))
return hex(struct.pack(">d", 0.1))
return hex(struct.pack(">d", -1/0))
return hex(struct.pack(">d", "2.5"))
return hex(struct.pack(">d", "x"))
-- struct.pack: strings and padding
return hex(struct.pack("s", "abc"))
return hex(struct.pack("s", ""))
return hex(struct.pack("s", "a\0b"))
return hex(struct.pack("s", 12.5))
return hex(struct.pack("s", 1/3))
return hex(struct.pack("c", "hello"))
return hex(struct.pack("c3", "hello"))
return hex(struct.pack("c0", "hello"))
return hex(struct.pack("c5", "abc"))
return hex(struct.pack("c2", 12345))
return hex(struct.pack("c", {}))
return hex(struct.pack("s"))
return hex(struct.pack("x"))
return hex(struct.pack("xxbx", 1))
return hex(struct.pack("bxhs", 1, 2, "ab\0c"))
return hex(struct.pack(" < > b", 1))
return hex(struct.pack("<h>h", 1, 1))
-- struct.pack: alignment
return hex(struct.pack("!i", 1))
return hex(struct.pack("!bi", 1, 2))
return hex(struct.pack("!4bi", 1, 2))
return hex(struct.pack("!bd", 1, 2))
return hex(struct.pack("!2bd", 1, 2))
return hex(struct.pack("!8bhbibd", 1, 2, 3, 4, 5, 6))
return hex(struct.pack("!bi3", 1, 2))
return hex(struct.pack("!16bi", 1, 2))
return hex(struct.pack("!1bi", 1, 2))
return hex(struct.pack("!bc3i", 1, "abc", 2))
return hex(struct.pack("!bs", 1, "x"))
return hex(struct.pack("!bxi", 1, 2))
return hex(struct.pack("!17i", 1))
return hex(struct.pack("!0b", 1))
return hex(struct.pack("!3b", 1))
return hex(struct.pack("!99999999999b", 1))
-- struct.pack: format errors
return hex(struct.pack("=i", 1))
return hex(struct.pack("z"))
return hex(struct.pack("q", 1))
return hex(struct.pack(1))
return hex(struct.pack())
return hex(struct.pack(""))
return hex(struct.pack("i99999999999"))
return hex(struct.pack("i40"))
return hex(struct.pack("b\0b", 1, 2))
-- struct.unpack
return {struct.unpack("b", "\255")}
return {struct.unpack("B", "\255")}
return {struct.unpack(">h", "\255\254")}
return {struct.unpack("<H", "\255\254")}
return {struct.unpack(">i", "\0\0\1\0")}
return {struct.unpack("<I", "\255\255\255\255")}
return {struct.unpack(">l", "\255\255\255\255\255\255\255\254")}
return {struct.unpack(">L", "\0\0\0\1\0\0\0\0")}
return {tostring(struct.unpack(">L", "\255\255\255\255\255\255\255\255"))}
return {struct.unpack("T", "\1\0\0\0\0\0\0\0")}
return {struct.unpack("<i3", "\255\255\255")}
return {struct.unpack("<I3", "\255\255\255")}
return {struct.unpack("<i9", "\128\0\0\0\0\0\0\0\0")}
return {struct.unpack("<i9", "\0\0\0\0\0\0\0\0\128")}
return {struct.unpack(">i9", "\128\0\0\0\0\0\0\0\0")}
return {struct.unpack(">i9", "\0\0\0\0\0\0\0\0\128")}
return {struct.unpack(">i9", "\0\128\0\0\0\0\0\0\0")}
return {struct.unpack("<i12", "\255\255\255\255\255\255\255\127\0\0\0\128")}
return {struct.unpack(">i16", string.rep("\255", 16))}
return {struct.unpack("<I9", string.rep("\1", 9))}
return {struct.unpack("i0", "")}
return {tostring(struct.unpack(">f", "\63\192\0\0"))}
return {tostring(struct.unpack("<f", "\0\0\192\63"))}
return {tostring(struct.unpack(">d", "\63\185\153\153\153\153\153\154"))}
return {tostring(struct.unpack(">d", "\127\240\0\0\0\0\0\0"))}
return {tostring(struct.unpack(">f", "\255\192\0\0"))}
return {struct.unpack("s", "abc\0def")}
return {struct.unpack("ss", "abc\0def\0")}
return {struct.unpack("s", "abc")}
return {struct.unpack("c3", "abcdef")}
return {struct.unpack("c", "abc")}
return {struct.unpack("c0", "abc")}
return {struct.unpack("bc0", "\3abcd")}
return {struct.unpack("c1c0", "3abcd")}
return {struct.unpack("hc0", "\255\255abcd")}
return {struct.unpack("bc0", "\9abc")}
return {struct.unpack("xxb", "\1\0\5")}
return {struct.unpack("!4bi", "\1\0\0\0\2\0\0\0")}
return {struct.unpack("!bd", "\1\0\0\0\0\0\0\0\0\0\0\0\0\0\240\63")}
return {struct.unpack(" < > b", "\1")}
return {struct.unpack("i", "abc")}
return {struct.unpack("i", "abcd", 0)}
return {struct.unpack("i", "abcd", 2)}
return {struct.unpack("i", "abcde", 2)}
return {struct.unpack("i", "abcd", 6)}
return {struct.unpack("", "abc", 10)}
return {struct.unpack("", "abc", -5)}
return {struct.unpack("b", "abc", 2^53)}
return {struct.unpack("b", "abc", -5)}
return {struct.unpack("b", "abc", 1.9)}
return {struct.unpack("b", "abc", "2")}
return {struct.unpack("b", "abc", "x")}
return {struct.unpack("b")}
return {struct.unpack("b", {})}
return {struct.unpack("b", 7)}
return {struct.unpack(7, "abc")}
return {struct.unpack("z", "abc")}
return {struct.unpack("=b", "abc")}
return {struct.unpack("!3b", "abc")}
return {struct.unpack("i40", "abc")}
return #{struct.unpack(string.rep("b", 7997), string.rep("\1", 8000))}
return #{struct.unpack(string.rep("b", 7998), string.rep("\1", 8000))}
return #{struct.unpack(string.rep("b", 7996), string.rep("\1", 8000), 1)}
return #{struct.unpack(string.rep("b", 7997), string.rep("\1", 8000), 1)}
return #{struct.unpack(string.rep("x", 9000), string.rep("\1", 9000))}
return {struct.unpack(">i4", struct.pack(">i4", -123456))}
return {struct.unpack("<d", struct.pack("<d", 1/3)) == 1/3}
-- struct.size
return struct.size("")
return struct.size("b")
return struct.size("bhilTfdx")
return struct.size("!bhilTfdx")
return struct.size("!bd")
return struct.size("bbbb!i")
return struct.size("c10")
return struct.size("i3i5")
return struct.size("!i3i5")
return struct.size("i40")
return struct.size("q")
return struct.size("z9")
return struct.size("!3i")
return struct.size("s")
return struct.size("c0")
return struct.size("c")
return struct.size("@")
return struct.size("i0")
return struct.size()
return struct.size(1)
return struct.size("<>!2 bh")
