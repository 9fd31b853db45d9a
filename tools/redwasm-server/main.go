// Command redwasm-server serves the redwasm engine over RESP, so that
// redis-cli, redis-benchmark and any Redis client can use it, like a small
// local Redis.
//
// Options follow redis-server: an optional configuration file, then
// "--name value" pairs, e.g.
//
//	redwasm-server --port 6380 --bind 127.0.0.1 --requirepass secret
//
// It binds 127.0.0.1 by default.
//
// Persistence works as in Redis 7.0, with the same files: dir (the working
// directory by default) holds dump.rdb (dbfilename), written by SAVE,
// BGSAVE, the save points and SHUTDOWN, and loaded at start-up; with
// appendonly yes, the AOF directory (appenddirname) is loaded instead and
// every write is appended to it before it is acknowledged, synced as
// appendfsync says. SIGTERM and SIGINT shut down as SHUTDOWN does.
package main

import (
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/redwasm/redwasm/engine"
	"github.com/redwasm/redwasm/engine/resp"
	"github.com/redwasm/redwasm/lua"
	"github.com/redwasm/redwasm/tools/filestore"
	"github.com/redwasm/redwasm/tools/server"
)

func main() {
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	opts, err := parseArgs(os.Args[1:])
	if err != nil {
		fatal(err)
	}
	if _, ok := opts["bind"]; !ok {
		opts["bind"] = "127.0.0.1"
	}
	if _, ok := opts["port"]; !ok {
		opts["port"] = "6379"
	}
	dir, err := filepath.Abs(optOr(opts, "dir", "."))
	if err != nil {
		fatal(err)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fatal(fmt.Errorf("can't chdir to '%s': no such directory", dir))
	}
	opts["dir"] = dir
	e, err := engine.New(engine.Options{Config: opts})
	if err != nil {
		fatal(err)
	}
	// Scripting comes before persistence: the files may hold FUNCTION
	// libraries.
	lua.Attach(e, lua.Options{Log: scriptLog(optOr(opts, "loglevel", "notice"))})

	aof, err := filestore.OpenAOFDir(filepath.Join(dir, optOr(opts, "appenddirname", "appendonlydir")),
		optOr(opts, "appendfilename", "appendonly.aof"))
	if err != nil {
		fatal(err)
	}
	srv := server.New(e)
	// Loading creates nothing but live objects: collecting while it runs
	// is wasted work.
	gc := debug.SetGCPercent(400)
	report, err := e.AttachPersistence(engine.PersistenceOptions{
		AOF:   aof,
		Files: filestore.Files{},
		OnShutdown: func() {
			aof.Close()
			log.Printf("redwasm-server is now ready to exit, bye bye...")
			os.Exit(0)
		},
		Logf: log.Printf,
	})
	debug.SetGCPercent(gc)
	if err != nil {
		fatal(err)
	}
	switch report.Source {
	case "rdb":
		log.Printf("DB loaded from disk: %d keys (%d expired)", report.Keys, report.Expired)
	case "aof":
		log.Printf("DB loaded from append only file: %d keys in the base, %d commands replayed", report.Keys, report.Commands)
	}
	srv.BeforeReply(func() error {
		err := e.FlushAOF()
		if err != nil {
			// Redis exits rather than acknowledge a write its AOF lacks.
			log.Printf("%v. Exiting...", err)
			os.Exit(1)
		}
		return err
	})

	for _, addr := range strings.Fields(opts["bind"]) {
		addr = strings.TrimPrefix(addr, "-") // redis's "-" prefix: optional address
		ln, err := net.Listen("tcp", net.JoinHostPort(addr, opts["port"]))
		if err != nil {
			fatal(err)
		}
		log.Printf("redwasm-server (Redis %s compatible) ready on %s", engine.RedisVersion, ln.Addr())
		go func() {
			if err := srv.Serve(ln); err != nil {
				log.Printf("serve %s: %v", ln.Addr(), err)
			}
		}()
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	for s := range sig {
		log.Printf("Received %v scheduling shutdown...", s)
		// On success Shutdown exits through OnShutdown; a failed save
		// keeps the server running, as in Redis.
		if err := e.Shutdown(); err != nil {
			log.Printf("Errors trying to shut down the server: %v", err)
		}
	}
}

// scriptLog prints redis.log messages and scripting notices at or above
// loglevel, with Redis's level marks.
func scriptLog(loglevel string) func(level int, msg string) {
	min := map[string]int{"debug": lua.LogDebug, "verbose": lua.LogVerbose, "notice": lua.LogNotice, "warning": lua.LogWarning}[loglevel]
	return func(level int, msg string) {
		if level >= min {
			log.Printf("%c %s", ".-*#"[level], msg)
		}
	}
}

func fatal(err error) {
	fmt.Fprintf(os.Stderr, "redwasm-server: %v\n", err)
	os.Exit(1)
}

func optOr(opts map[string]string, name, def string) string {
	if v, ok := opts[name]; ok {
		return v
	}
	return def
}

// parseArgs reads redis-server style arguments: an optional config file
// path first, then --name value [value ...] pairs. Later settings win,
// except save, whose lines add up as in redis.conf (save "" clears them).
func parseArgs(args []string) (map[string]string, error) {
	opts := map[string]string{}
	if len(args) > 0 && !strings.HasPrefix(args[0], "--") {
		if err := readConfigFile(args[0], opts); err != nil {
			return nil, err
		}
		args = args[1:]
	}
	for i := 0; i < len(args); {
		name, ok := strings.CutPrefix(args[i], "--")
		if !ok || name == "" {
			return nil, fmt.Errorf("bad option %q: options are --name value", args[i])
		}
		i++
		var values []string
		for i < len(args) && !strings.HasPrefix(args[i], "--") {
			values = append(values, args[i])
			i++
		}
		setOption(opts, name, strings.Join(values, " "))
	}
	return opts, nil
}

// setOption stores one option; save points accumulate.
func setOption(opts map[string]string, name, value string) {
	name = strings.ToLower(name)
	if prev, ok := opts[name]; ok && name == "save" && prev != "" && value != "" {
		value = prev + " " + value
	}
	opts[name] = value
}

// readConfigFile reads a redis.conf style file: one "name value..." per
// line, '#' comments, values split and unquoted as Redis does.
func readConfigFile(path string, opts map[string]string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		words, ok := resp.SplitArgs([]byte(line))
		if !ok {
			return fmt.Errorf("%s:%d: unbalanced quotes", path, n+1)
		}
		var values []string
		for _, w := range words[1:] {
			values = append(values, string(w))
		}
		setOption(opts, string(words[0]), strings.Join(values, " "))
	}
	return nil
}
