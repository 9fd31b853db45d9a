// Command webserve serves the playground built into static/ during
// development: precompressed brotli and gzip variants when the browser
// accepts them, the right types (application/wasm for the engine, so it
// compiles while it downloads), and cache headers: content-hashed files
// (engine.1a2b3c4d.wasm) are cached forever, everything else revalidates
// with an ETag.
//
//	go run ./tools/webserve                        # static/ on :8080
//	go run ./tools/webserve -addr :9000 -dir out
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
)

func main() {
	addr := flag.String("addr", ":8080", "`address` to listen on")
	dir := flag.String("dir", "static", "`directory` to serve")
	flag.Parse()
	if _, err := os.Stat(*dir); err != nil {
		log.Fatalf("webserve: %v (build the site first: make site)", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("webserve: %v", err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	fmt.Printf("redwasm playground: http://localhost:%d/  (Ctrl+C to stop)\n", port)
	log.Fatal(http.Serve(ln, Handler(*dir)))
}
