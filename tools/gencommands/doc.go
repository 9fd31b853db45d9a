// Command gencommands will generate redwasm's command table from the facts
// of every Redis 7.0 command (name, arity, flags, key positions, arguments).
//
// For now the folder holds only summaries.tsv: the project's own one-line
// summary of each command and subcommand, written in our words for the
// console's HELP line and for COMMAND DOCS. Each line is
// "NAME<TAB>summary", where NAME is the upper-case command name, or
// "CONTAINER SUBCOMMAND" for a subcommand (for example "CLIENT KILL").
// Lines are sorted by name in byte order.
package main
