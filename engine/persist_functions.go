package engine

import "errors"

// FunctionLibraries is the scripting layer's FUNCTION libraries as
// persistence sees them: an RDB file or AOF base stores each library as
// its source code, and loading one hands the code back.
type FunctionLibraries interface {
	// Sources returns the source code of every library.
	Sources() []string
	// Load creates a library from its source code, as FUNCTION LOAD
	// without REPLACE does.
	Load(code string) error
	// Flush deletes every library.
	Flush()
}

// SetFunctionLibraries attaches the scripting layer's libraries, so that
// RDB files and AOF rewrites carry them.
func (e *Engine) SetFunctionLibraries(f FunctionLibraries) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.persist.funcs = f
}

// functionSources returns the libraries' code, none without scripting.
func (e *Engine) functionSources() []string {
	if e.persist.funcs == nil {
		return nil
	}
	return e.persist.funcs.Sources()
}

// errNoScripting is loading a file with libraries into an engine without
// a scripting layer to hold them.
var errNoScripting = errors.New("the RDB file holds FUNCTION libraries but no scripting engine is attached")

// restoreFunctions loads the libraries of a loaded file.
func (e *Engine) restoreFunctions(codes []string) error {
	if e.persist.funcs == nil {
		if len(codes) > 0 {
			return errNoScripting
		}
		return nil
	}
	for _, code := range codes {
		if err := e.persist.funcs.Load(code); err != nil {
			return err
		}
	}
	return nil
}
