// Package lua runs Redis scripts: a gopher-lua interpreter set up as Redis
// 7.0's scripting environment.
package lua
