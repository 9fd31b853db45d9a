package lua

import (
	"strings"

	glua "github.com/yuin/gopher-lua"
)

// The table library of Lua 5.1 (with the 5.0 compatibility functions
// foreach, foreachi, getn, setn that Redis's build keeps), following
// ltablib.c step by step: table.sort is the same quicksort, so the order
// of comparator calls and the "invalid order function" checks match.

// tableArg is a table argument: what the script passed (perhaps a
// read-only proxy) and the real table to read and write.
type tableArg struct {
	s    *State
	L    *glua.LState
	arg  *glua.LTable
	real *glua.LTable
}

func (s *State) tableArg(L *glua.LState, n int) tableArg {
	t := checkTable(L, n)
	return tableArg{s: s, L: L, arg: t, real: s.ro.target(t)}
}

func (t tableArg) get(i int) glua.LValue { return t.real.RawGetInt(i) }

func (t tableArg) set(i int, v glua.LValue) {
	t.s.ro.checkWritable(t.L, t.arg)
	t.real.RawSetInt(i, v)
}

func (t tableArg) length() int { return t.real.Len() }

func (s *State) tableFuncs() map[string]glua.LGFunction {
	return map[string]glua.LGFunction{
		"concat":   s.tableConcat,
		"foreach":  s.tableForeach,
		"foreachi": s.tableForeachi,
		"getn":     s.tableGetn,
		"insert":   s.tableInsert,
		"maxn":     s.tableMaxn,
		"remove":   s.tableRemove,
		"setn":     s.tableSetn,
		"sort":     s.tableSort,
	}
}

func (s *State) tableForeachi(L *glua.LState) int {
	t := s.tableArg(L, 1)
	n := t.length()
	fn := checkFunction(L, 2)
	for i := 1; i <= n; i++ {
		L.Push(fn)
		L.Push(glua.LNumber(i))
		L.Push(t.get(i))
		L.Call(2, 1)
		if L.Get(-1) != glua.LNil {
			return 1
		}
		L.Pop(1)
	}
	return 0
}

func (s *State) tableForeach(L *glua.LState) int {
	t := s.tableArg(L, 1)
	fn := checkFunction(L, 2)
	for k, v := s.next(t.arg, glua.LNil); k != glua.LNil; k, v = s.next(t.arg, k) {
		L.Push(fn)
		L.Push(k)
		L.Push(v)
		L.Call(2, 1)
		if L.Get(-1) != glua.LNil {
			return 1
		}
		L.Pop(1)
	}
	return 0
}

func checkFunction(L *glua.LState, n int) *glua.LFunction {
	fn, ok := L.Get(n).(*glua.LFunction)
	if !ok {
		typeError(L, n, "function")
	}
	return fn
}

func (s *State) tableMaxn(L *glua.LState) int {
	t := s.tableArg(L, 1)
	max := 0.0
	for k, _ := t.real.Next(glua.LNil); k != glua.LNil; k, _ = t.real.Next(k) {
		if n, ok := k.(glua.LNumber); ok && float64(n) > max {
			max = float64(n)
		}
	}
	L.Push(glua.LNumber(max))
	return 1
}

func (s *State) tableGetn(L *glua.LState) int {
	L.Push(glua.LNumber(s.tableArg(L, 1).length()))
	return 1
}

func (s *State) tableSetn(L *glua.LState) int {
	s.tableArg(L, 1)
	raise(L, "'setn' is obsolete")
	return 0
}

func (s *State) tableInsert(L *glua.LState) int {
	t := s.tableArg(L, 1)
	e := t.length() + 1 // the first empty slot
	var pos int
	switch L.GetTop() {
	case 2:
		pos = e
	case 3:
		pos = checkInt(L, 2)
		if pos > e {
			e = pos
		}
		for i := e; i > pos; i-- {
			t.set(i, t.get(i-1))
		}
	default:
		raise(L, "wrong number of arguments to 'insert'")
	}
	t.set(pos, L.Get(-1))
	return 0
}

func (s *State) tableRemove(L *glua.LState) int {
	t := s.tableArg(L, 1)
	e := t.length()
	pos := optInt(L, 2, e)
	if !(1 <= pos && pos <= e) {
		return 0
	}
	removed := t.get(pos)
	for ; pos < e; pos++ {
		t.set(pos, t.get(pos+1))
	}
	t.set(e, glua.LNil)
	L.Push(removed)
	return 1
}

func (s *State) tableConcat(L *glua.LState) int {
	sep := optString(L, 2, "")
	t := s.tableArg(L, 1)
	i := optInt(L, 3, 1)
	var last int
	if L.Get(4) == glua.LNil {
		last = t.length()
	} else {
		last = checkInt(L, 4)
	}
	var b strings.Builder
	field := func(i int) {
		v := t.get(i)
		str, ok := toLString(v)
		if !ok {
			raise(L, "invalid value (%s) at index %d in table for 'concat'", v.Type().String(), i)
		}
		b.WriteString(str)
	}
	for ; i < last; i++ {
		field(i)
		b.WriteString(sep)
	}
	if i == last {
		field(i)
	}
	L.Push(glua.LString(b.String()))
	return 1
}

// sorter runs Lua 5.1's auxsort on a table argument.
type sorter struct {
	tableArg
	less glua.LValue // the comparator, or nil for the < operator
}

func (s *State) tableSort(L *glua.LState) int {
	t := s.tableArg(L, 1)
	n := t.length()
	if L.Get(2) != glua.LNil {
		checkFunction(L, 2)
	}
	srt := sorter{tableArg: t, less: L.Get(2)}
	srt.sort(1, n)
	return 0
}

func (srt *sorter) lessThan(a, b glua.LValue) bool {
	L := srt.L
	if srt.less == glua.LNil {
		return lessThan(L, a, b)
	}
	L.Push(srt.less)
	L.Push(a)
	L.Push(b)
	L.Call(2, 1)
	res := glua.LVAsBool(L.Get(-1))
	L.Pop(1)
	return res
}

// lessThan is lua_lessthan called from a C function: numbers and strings
// compare directly, other values through a shared __lt metamethod, and
// anything else raises C Lua's error without a position.
func lessThan(L *glua.LState, a, b glua.LValue) bool {
	if a.Type() == b.Type() {
		switch a := a.(type) {
		case glua.LNumber:
			return a < b.(glua.LNumber)
		case glua.LString:
			return a < b.(glua.LString)
		}
		if tm := L.GetMetaField(a, "__lt"); tm != glua.LNil && L.RawEqual(tm, L.GetMetaField(b, "__lt")) {
			L.Push(tm)
			L.Push(a)
			L.Push(b)
			L.Call(2, 1)
			res := glua.LVAsBool(L.Get(-1))
			L.Pop(1)
			return res
		}
	}
	t1, t2 := a.Type().String(), b.Type().String()
	if t1[2] == t2[2] { // sic: lua's test compares the third letters
		raiseBare(L, "attempt to compare two "+t1+" values")
	}
	raiseBare(L, "attempt to compare "+t1+" with "+t2)
	return false
}

// set2 stores t[i] = vi and t[j] = vj in that order, as set2 does.
func (srt *sorter) set2(i int, vi glua.LValue, j int, vj glua.LValue) {
	srt.set(i, vi)
	srt.set(j, vj)
}

func (srt *sorter) sort(l, u int) {
	for l < u {
		al, au := srt.get(l), srt.get(u)
		if srt.lessThan(au, al) { // a[u] < a[l]?
			srt.set2(l, au, u, al)
		}
		if u-l == 1 {
			break
		}
		i := (l + u) / 2
		ai, al := srt.get(i), srt.get(l)
		if srt.lessThan(ai, al) { // a[i] < a[l]?
			srt.set2(i, al, l, ai)
		} else {
			au := srt.get(u)
			if srt.lessThan(au, ai) { // a[u] < a[i]?
				srt.set2(i, au, u, ai)
			}
		}
		if u-l == 2 {
			break
		}
		pivot := srt.get(i)
		srt.set2(i, srt.get(u-1), u-1, pivot)
		// a[l] <= P == a[u-1] <= a[u]; partition a[l+1..u-2].
		i, j := l, u-1
		for {
			var ai, aj glua.LValue
			for {
				i++
				ai = srt.get(i)
				if !srt.lessThan(ai, pivot) {
					break
				}
				if i > u {
					raise(srt.L, "invalid order function for sorting")
				}
			}
			for {
				j--
				aj = srt.get(j)
				if !srt.lessThan(pivot, aj) {
					break
				}
				if j < l {
					raise(srt.L, "invalid order function for sorting")
				}
			}
			if j < i {
				break
			}
			srt.set2(i, aj, j, ai)
		}
		srt.set2(u-1, srt.get(i), i, srt.get(u-1))
		// Recurse into the smaller half, loop on the larger one.
		if i-l < u-i {
			j, i, l = l, i-1, i+1
		} else {
			j, i, u = i+1, u, i-1
		}
		srt.sort(j, i)
	}
}
