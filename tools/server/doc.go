// Package server serves an engine over RESP on a net.Listener: the native
// redwasm-server, and Go programs that want a Redis-compatible server
// in-process, the way tests use miniredis.
//
//	e, _ := engine.New(engine.Options{})
//	ln, _ := net.Listen("tcp", "127.0.0.1:0")
//	srv := server.New(e)
//	go srv.Serve(ln)
//	defer srv.Close()
//	// point any Redis client at ln.Addr()
//
// Each connection has one goroutine reading requests and running them
// through engine.Client.Exchange, which holds the engine's lock once per
// batch of pipelined requests, and one goroutine writing output that
// arrives between requests (published messages, served blocking commands).
package server
