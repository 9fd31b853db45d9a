package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

func site(t *testing.T) http.Handler {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"index.html":              "<!doctype html><title>redwasm</title>",
		"engine.0123abcd.wasm":    "\x00asm raw",
		"engine.0123abcd.wasm.br": "brotli bytes",
		"engine.0123abcd.wasm.gz": "gzip bytes",
		"lib/redwasm.js":          "export {}",
		".hidden":                 "secret",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return Handler(dir)
}

func get(h http.Handler, path string, headers ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestServesPrecompressedWasm(t *testing.T) {
	h := site(t)
	for _, tc := range []struct{ accept, encoding, body string }{
		{"gzip, deflate, br", "br", "brotli bytes"},
		{"gzip", "gzip", "gzip bytes"},
		{"br;q=0, gzip", "gzip", "gzip bytes"},
		{"", "", "\x00asm raw"},
	} {
		w := get(h, "/engine.0123abcd.wasm", "Accept-Encoding", tc.accept)
		if w.Code != 200 || w.Header().Get("Content-Encoding") != tc.encoding || w.Body.String() != tc.body {
			t.Errorf("Accept-Encoding %q: %d %q %q", tc.accept, w.Code, w.Header().Get("Content-Encoding"), w.Body.String())
		}
		if ct := w.Header().Get("Content-Type"); ct != "application/wasm" {
			t.Errorf("Content-Type %q", ct)
		}
		if cc := w.Header().Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("hashed file Cache-Control %q", cc)
		}
		if w.Header().Get("Vary") != "Accept-Encoding" {
			t.Errorf("no Vary")
		}
	}
}

func TestIndexRevalidates(t *testing.T) {
	h := site(t)
	w := get(h, "/")
	if w.Code != 200 || w.Header().Get("Content-Type") != "text/html; charset=utf-8" || w.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("index: %d %v", w.Code, w.Header())
	}
	if w.Header().Get("Content-Security-Policy") == "" {
		t.Error("no Content-Security-Policy on the page")
	}
	tag := w.Header().Get("ETag")
	if tag == "" {
		t.Fatal("no ETag")
	}
	if w := get(h, "/", "If-None-Match", tag); w.Code != http.StatusNotModified {
		t.Fatalf("revalidation: %d", w.Code)
	}
	if w := get(h, "/lib/redwasm.js"); w.Header().Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Fatalf("js type %q", w.Header().Get("Content-Type"))
	}
}

func TestRefusesWhatIsNotTheSite(t *testing.T) {
	h := site(t)
	for _, p := range []string{"/.hidden", "/../etc/passwd", "/engine.0123abcd.wasm.br", "/nothing"} {
		if w := get(h, p); w.Code != http.StatusNotFound {
			t.Errorf("%s: %d", p, w.Code)
		}
	}
	r := httptest.NewRequest("POST", "/", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", w.Code)
	}
}
