// Package resp is the Redis serialization protocol (RESP2 and RESP3) as pure
// functions over byte slices: no I/O, so the same code serves sockets, wasm
// memory and tests.
//
// Three parts:
//
//   - Append functions encode replies: AppendBulk(b, v) returns b with a bulk
//     string appended. They know nothing of protocol versions; the engine's
//     reply writer picks the RESP2 or RESP3 form.
//   - Request parsing (ParseRequest) reads what clients send: multibulk
//     commands and inline commands, with Redis's limits and its exact
//     protocol error texts, never allocating for a length it has not seen
//     the bytes of.
//   - Reply parsing (ParseReply) reads what servers send into a Value tree,
//     for clients, tests and the console's formatter.
//
// SplitArgs splits a line into arguments the way Redis's sdssplitargs does;
// inline commands and redis-cli both use that rule.
package resp
