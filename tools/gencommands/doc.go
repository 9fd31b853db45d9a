// Command gencommands generates the engine's command table.
//
// The facts of every Redis 7.0 command (name, arity, flags, key specs,
// argument grammar; no prose) live in commands.json, the project's own
// spec; the project's one-line summaries live in summaries.tsv, one
// "NAME<TAB>summary" line per command, where NAME is the upper-case name or
// "CONTAINER SUBCOMMAND" (for example "CLIENT KILL"), sorted in byte order.
// From both it writes engine/commands_gen.go:
//
//	go run ./tools/gencommands
//
// To refresh the facts from Redis's src/commands folder (a copy sits in
// ../shared/redis-commands beside this repository):
//
//	go run ./tools/gencommands -import ../shared/redis-commands
package main
