// Package host serves a redwasm engine to a web page. It is the part of
// the browser build that does not need the browser, so it is plain Go
// and tested natively; package wasm/browser wires it to JavaScript.
//
// # Frames
//
// The page and the host exchange frames (frames.go): a connection id, a
// kind and a payload. One buffer of frames crosses the JS↔Go boundary per
// turn of the page's event loop, so a pipeline of thousands of commands
// costs one crossing. The page opens connections (InConnect), sends RESP
// requests (InRequests) or lines typed at a redis-cli prompt (InLine), and
// closes them (InClose). The host answers with RESP bytes (OutReplies),
// with redis-cli's text for typed lines (OutLine) and between prompts
// (OutText), and tells when the engine closed a connection (OutClosed).
//
// # Connections
//
// Host (host.go) keeps one engine client per connection. Input a client
// cannot take yet (it is blocked in BLPOP, the server is paused) waits in
// the host and is retried when the engine wakes the client, as are
// messages published to it: everything a command causes reaches the page
// in the same turn.
//
// # redis-cli's prompt
//
// A connection that receives typed lines gets a lineSession (line.go):
// redis-cli's line splitting and repeat counts, HELP, reply formatting and
// pub/sub reading mode, and the prompt's state (database, transaction).
// The rules themselves are package engine/cli's; help.go adds redis-cli's
// help topics, argument hints and Tab completion, built from the command
// table and tested against redis-cli's own help.
//
// Durability is the engine's (AttachPersistence, FlushAOF) and the page's
// (wasm/browser holds replies until their writes are committed).
package host
