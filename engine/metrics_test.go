package engine

import "testing"

func TestLatencyHistogram(t *testing.T) {
	var h latencyHistogram
	for i := int64(1); i <= 1000; i++ {
		h.record(i * 1000) // 1..1000 µs
	}
	for _, tc := range []struct {
		p    float64
		want int64 // µs
	}{{50, 500}, {99, 990}, {100, 1000}, {0, 1}} {
		got := h.percentile(tc.p)
		if got < tc.want*1000 || float64(got) > float64(tc.want*1000)*1.07 {
			t.Errorf("p%v = %d ns, want about %d µs", tc.p, got, tc.want)
		}
	}
	// Bucket bounds grow with the values and contain them.
	last := int64(-1)
	for v := int64(1); v < 1<<40; v = v*3/2 + 1 {
		b := latencyBucket(v)
		if top := latencyBucketTop(b); top < v || top < last {
			t.Fatalf("value %d: bucket top %d (previous %d)", v, top, last)
		}
		last = latencyBucketTop(b)
	}
}

func TestInstantaneousMetrics(t *testing.T) {
	var m instantaneousMetrics
	now, ops := int64(1000), int64(0)
	for i := 0; i < 40; i++ {
		m.sample(now, [metricCount]int64{ops, 0, 0})
		now += 100
		ops += 50 // 500 a second
	}
	if got := m.rate(metricCommands); got != 500 {
		t.Errorf("rate = %d, want 500", got)
	}
	m.sample(m.lastAt+10, [metricCount]int64{ops + 1000, 0, 0}) // too soon: ignored
	if got := m.rate(metricCommands); got != 500 {
		t.Errorf("rate after an early sample = %d, want 500", got)
	}
}
