package engine

import (
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/redwasm/redwasm/engine/rdb"
)

// FuzzParseStreamID checks the ID parser on arbitrary input: it never
// panics, what it accepts prints back to an ID it parses to the same
// value, strict parsing accepts a subset of the rest, and plain digits
// parse as integers do (up to Redis's 127 bytes).
func FuzzParseStreamID(f *testing.F) {
	for _, s := range []string{"0", "0-0", "1-1", "-", "+", "5-*", "18446744073709551615-18446744073709551615",
		"18446744073709551616", " 7", "+7", "007-01", "1--0", "1--5", "1-2-3", "*", "", "1\x002", "9-\t3", "-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		loose, okLoose := parseStreamID(b, 7, false, nil)
		strict, okStrict := parseStreamID(b, 7, true, nil)
		if okStrict && (!okLoose || strict != loose) {
			t.Fatalf("%q: strict %v %v, loose %v %v", s, strict, okStrict, loose, okLoose)
		}
		var seqGiven bool
		partial, okPartial := parseStreamID(b, 7, true, &seqGiven)
		if okStrict && (!okPartial || partial != strict || !seqGiven) {
			t.Fatalf("%q: with seqGiven %v %v %v", s, partial, okPartial, seqGiven)
		}
		if okLoose {
			again, ok := parseStreamID([]byte(loose.String()), 0, false, nil)
			if !ok || again != loose {
				t.Fatalf("%q -> %v -> %v %v", s, loose, again, ok)
			}
		}
		// Redis reads at most 127 bytes of an ID.
		if n, err := strconv.ParseUint(s, 10, 64); err == nil && s != "" && s[0] != '+' && len(s) <= 127 {
			if !okLoose || loose != (streamID{n, 7}) {
				t.Fatalf("%q: %v %v, want %d-7", s, loose, okLoose, n)
			}
		}
	})
}

// FuzzStreamValue applies appends, deletions and trims to a stream with
// small nodes and checks it against a plain sorted list of entries:
// ranges in both directions, the counters Redis keeps, and that every
// node stays a valid listpack.
func FuzzStreamValue(f *testing.F) {
	f.Add([]byte{1, 0, 0, 5, 0, 9, 1, 3, 2, 7, 0, 2, 3, 4, 0, 1, 4, 2})
	f.Add([]byte{3, 2, 0, 0, 0, 1, 0, 2, 0, 3, 0, 4, 1, 2, 1, 3, 2, 1, 3, 6, 4, 0})
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) < 2 {
			return
		}
		lim := streamNodeLimits{maxEntries: int64(ops[0] % 6), maxBytes: []int64{0, 40, 90, 4096}[ops[1]%4]}
		s := newStream()
		type entry struct {
			id    streamID
			value string
		}
		var model []entry
		next := uint64(1)
		idAt := func(arg byte) streamID { return streamID{ms: uint64(arg) % (next + 2), seq: uint64(arg) % 3} }
		for i := 2; i+1 < len(ops); i += 2 {
			op, arg := ops[i]%6, ops[i+1]
			switch op {
			case 0, 1: // append
				next += uint64(arg % 3)
				id, msg := s.nextID(0, &streamID{ms: next}, false)
				if msg != "" {
					t.Fatal(msg)
				}
				value := fmt.Sprint(arg)
				pairs := [][]byte{[]byte("f"), []byte(value)}
				if op == 1 {
					pairs = append(pairs, []byte(fmt.Sprint("g", arg%2)), []byte("x"))
				}
				if !s.append(id, pairs, lim) {
					t.Fatal("append refused")
				}
				model = append(model, entry{id, value})
			case 2: // delete
				id := idAt(arg)
				i := slices.IndexFunc(model, func(e entry) bool { return e.id == id })
				if got := s.delete(id); (got == 1) != (i >= 0) {
					t.Fatalf("delete %v: %v", id, got)
				}
				if i >= 0 {
					model = slices.Delete(model, i, i+1)
				}
			case 3: // exact MAXLEN
				n := int(arg % 8)
				removed := s.trim(&streamTrimArgs{strategy: trimMaxLen, maxLen: int64(n)})
				if cut := max(len(model)-n, 0); removed != int64(cut) {
					t.Fatalf("MAXLEN %d removed %d of %d", n, removed, len(model))
				}
				model = model[max(len(model)-n, 0):]
			case 4: // exact MINID
				id := idAt(arg)
				s.trim(&streamTrimArgs{strategy: trimMinID, minID: id})
				model = slices.DeleteFunc(model, func(e entry) bool { return e.id.cmp(id) < 0 })
			case 5: // a range, checked below
			}
			if s.length != uint64(len(model)) {
				t.Fatalf("length %d, model %d", s.length, len(model))
			}
			start, end := idAt(arg), idAt(arg*7+3)
			for _, rev := range []bool{false, true} {
				got := s.collect(start, end, int64(arg%4), rev)
				var want []entry
				for _, e := range model {
					if e.id.cmp(start) >= 0 && e.id.cmp(end) <= 0 {
						want = append(want, e)
					}
				}
				if rev {
					slices.Reverse(want)
				}
				if n := int(arg % 4); n > 0 && len(want) > n {
					want = want[:n]
				}
				if len(got) != len(want) {
					t.Fatalf("range %v..%v rev=%v: %d entries, want %d", start, end, rev, len(got), len(want))
				}
				for k := range got {
					var value string
					got[k].eachField(func(f, v []byte) {
						if string(f) == "f" {
							value = string(v)
						}
					})
					if got[k].id != want[k].id || value != want[k].value {
						t.Fatalf("range entry %d: %v=%s, want %v=%s", k, got[k].id, value, want[k].id, want[k].value)
					}
				}
			}
			if len(model) > 0 && (s.firstID != model[0].id || s.lastValidID() != model[len(model)-1].id) {
				t.Fatalf("first %v last %v, model %v %v", s.firstID, s.lastValidID(), model[0].id, model[len(model)-1].id)
			}
		}
		it := s.nodes.iter()
		for it.First(); it.Valid(); it.Next() {
			if _, err := rdb.ParseListpack(it.Value().lp); err != nil {
				t.Fatal(err)
			}
		}
	})
}
