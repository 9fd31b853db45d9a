// Package cli is redis-cli's behaviour at its prompt, as pure functions, so
// that redwasm's console reads lines and shows replies exactly as
// redis-cli 7.0 does in a terminal.
//
// # Reading a line
//
// ParseLine splits a typed line into a command's arguments by redis-cli's
// rules (Redis's sdssplitargs, shared with the server's inline commands in
// package resp) and takes off a leading repeat count, as in "3 INCR hits".
// Its errors carry the texts redis-cli prints: "Invalid argument(s)" for an
// unbalanced quote, "Invalid redis-cli repeat command option value." for a
// bad count. Split is the same without the count. Quote writes an argument
// back in a form Split reads whole.
//
// What redis-cli itself answers at its prompt (HELP, QUIT, CLEAR, CONNECT,
// ":set hints") is left to the console: ParseLine only splits.
//
// # Showing a reply
//
// redis-cli prints replies in one of two forms (Output): TTY when writing to
// a terminal, Raw when piped. FormatTTY gives typed scalars ("(integer) 3",
// "(nil)", "(double) 1.5", "(true)"), strings in double quotes with C-style
// escapes, and aggregates numbered and indented, "1) " for arrays and push
// messages, "1~ " for sets and "1# key => value" for maps, with the numbers
// right-aligned. FormatRaw gives bare values, one per line.
//
// Around the reply formatters sit the few rules redis-cli applies per
// command: FormatReply prints the human-readable reports of INFO, CLIENT
// LIST, MEMORY DOCTOR, LOLWUT and a few more unquoted even on a terminal;
// Preamble is the "Reading messages..." line printed when SUBSCRIBE starts
// pub/sub mode; FormatPush shows out-of-band push messages, client-tracking
// invalidations as "-> invalidate: 'key'"; Elapsed is the "(0.52s)" line
// after a slow command.
//
// # Fidelity
//
// The tests run the real redis-cli 7.0.15: they type lines at its prompt
// against a fake server that records what arrives and answers with chosen
// reply bytes (every reply type, random nesting, awkward bytes), and they
// run commands against a real redis-server in RESP2 and RESP3, comparing
// redis-cli's output with this package's byte for byte. Where redis-cli
// 7.0.15 cannot print a reply at all (big numbers, attributes, blob errors)
// FormatTTY documents its own choice.
package cli
