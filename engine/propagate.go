package engine

// Effects: every change a command makes to the dataset is recorded as a
// command that reproduces it exactly, Redis's propagation. The AOF and the
// browser's append-only log store these effects. By default the effect of
// a command that changed something (it counted e.dirty) is the command
// itself; handlers whose command is not deterministic or depends on the
// time rewrite it (SET ... EX 10 becomes SET ... PXAT <ms>, SPOP becomes
// SREM, INCRBYFLOAT becomes SET ... KEEPTTL), add effects, or prevent
// theirs.

// Effect is one command reproducing a change, with the database it ran in.
type Effect struct {
	DB   int
	Args [][]byte
}

// EffectSink receives the effects of each top-level command, transaction
// or script, in order. Effects of one unit that made more than one change
// come wrapped in MULTI ... EXEC so they replay atomically.
type EffectSink func(effects []Effect)

// SetEffectSink installs the receiver of effects; nil discards them.
func (e *Engine) SetEffectSink(sink EffectSink) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.effectSink = sink
}

// callEffects tracks the effect of the command running now.
type callEffects struct {
	replaced bool // the handler chose its own effects
}

// replicateAs replaces the running command's effect with args, Redis's
// rewriteClientCommandVector. The arguments are copied.
func (c *Client) replicateAs(args ...[]byte) {
	c.effect.replaced = true
	c.e.addEffect(c.db.id, args)
}

// alsoPropagate adds an effect besides the command's own, Redis's
// alsoPropagate. Use replicateAs first when the command's own effect
// should not be recorded.
func (c *Client) alsoPropagate(args ...[]byte) {
	c.e.addEffect(c.db.id, args)
}

// preventPropagation records no effect for the running command.
func (c *Client) preventPropagation() { c.effect.replaced = true }

func (e *Engine) addEffect(db int, args [][]byte) {
	if e.effectSink == nil {
		return
	}
	cp := make([][]byte, len(args))
	for i, a := range args {
		cp[i] = append([]byte(nil), a...)
	}
	e.effects = append(e.effects, Effect{DB: db, Args: cp})
}

// flushEffects hands the effects of a finished top-level unit to the sink.
func (e *Engine) flushEffects() {
	if len(e.effects) == 0 {
		return
	}
	effects := e.effects
	e.effects = nil
	if len(effects) > 1 {
		wrapped := make([]Effect, 0, len(effects)+2)
		wrapped = append(wrapped, Effect{DB: effects[0].DB, Args: [][]byte{[]byte("MULTI")}})
		wrapped = append(wrapped, effects...)
		wrapped = append(wrapped, Effect{DB: effects[len(effects)-1].DB, Args: [][]byte{[]byte("EXEC")}})
		effects = wrapped
	}
	if e.effectSink != nil {
		e.effectSink(effects)
	}
}
