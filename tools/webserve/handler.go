package main

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

// contentTypes are the types of what the site holds.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".wasm": "application/wasm",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".ts":   "text/plain; charset=utf-8",
	".md":   "text/markdown; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
	".png":  "image/png",
	".ico":  "image/x-icon",
}

// hashed matches file names that carry a hash of their contents.
var hashed = regexp.MustCompile(`\.[0-9a-f]{8,}\.[a-z]+$`)

// contentSecurityPolicy keeps pages to their own scripts: keys and values
// are written into the page as text, and this is the second line of
// defence if one ever were not.
const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'"

// Handler serves the files of dir.
func Handler(dir string) http.Handler {
	s := &server{dir: dir, etags: map[string]etag{}}
	return s
}

type server struct {
	dir   string
	mu    sync.Mutex
	etags map[string]etag // by file path, computed once per version
}

type etag struct {
	size    int64
	modTime time.Time
	tag     string
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := path.Clean("/" + r.URL.Path)
	if strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if strings.Contains(name, "/.") || strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz") {
		http.NotFound(w, r)
		return
	}
	file := filepath.Join(s.dir, filepath.FromSlash(name))
	info, err := os.Stat(file)
	if err == nil && info.IsDir() {
		http.Redirect(w, r, name+"/", http.StatusMovedPermanently)
		return
	}
	if err != nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	ext := path.Ext(name)
	if ct, ok := contentTypes[ext]; ok {
		h.Set("Content-Type", ct)
	}
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Vary", "Accept-Encoding")
	if ext == ".html" {
		h.Set("Content-Security-Policy", contentSecurityPolicy)
	}
	if hashed.MatchString(name) {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}

	served, encoding := file, ""
	accept := r.Header.Get("Accept-Encoding")
	for _, enc := range []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		if acceptsEncoding(accept, enc.token) {
			if _, err := os.Stat(file + enc.ext); err == nil {
				served, encoding = file+enc.ext, enc.token
				break
			}
		}
	}
	f, err := os.Open(served)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if encoding != "" {
		h.Set("Content-Encoding", encoding)
	}
	h.Set("ETag", s.etag(served, st))
	// ServeContent answers If-None-Match and ranges; with the type set it
	// does not sniff.
	http.ServeContent(w, r, "", st.ModTime(), f)
}

// etag returns a strong ETag for a file version: a hash of its contents,
// so rebuilding an unchanged file keeps it.
func (s *server) etag(file string, st os.FileInfo) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.etags[file]; ok && e.size == st.Size() && e.modTime.Equal(st.ModTime()) {
		return e.tag
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(data)
	tag := `"` + hex.EncodeToString(sum[:8]) + `"`
	s.etags[file] = etag{st.Size(), st.ModTime(), tag}
	return tag
}

// acceptsEncoding reports whether an Accept-Encoding header accepts
// token (not refused with q=0).
func acceptsEncoding(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), token) {
			continue
		}
		params = strings.ReplaceAll(params, " ", "")
		return !(params == "q=0" || params == "q=0.0" || params == "q=0.00" || params == "q=0.000")
	}
	return false
}
