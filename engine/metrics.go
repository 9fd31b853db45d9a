package engine

import (
	"math"
	"math/bits"
	"sort"
)

// Measurements behind INFO's rates and latency percentiles.

// latencyHistogram counts command durations (ns) in logarithmic buckets
// with 7 significant bits, about 1% wide, enough for the percentiles of
// INFO latencystats.
type latencyHistogram struct {
	count   int64
	buckets map[uint32]int64
}

const latencyMantissaBits = 7

func latencyBucket(ns int64) uint32 {
	v := uint64(max(ns, 1))
	e := bits.Len64(v)
	if e <= latencyMantissaBits {
		return uint32(v)
	}
	shift := e - latencyMantissaBits
	return uint32(e)<<latencyMantissaBits | uint32(v>>shift)
}

// latencyBucketTop is the largest value a bucket holds.
func latencyBucketTop(b uint32) int64 {
	if b < 1<<latencyMantissaBits {
		return int64(b)
	}
	e := int(b >> latencyMantissaBits)
	mantissa := int64(b & (1<<latencyMantissaBits - 1))
	shift := e - latencyMantissaBits
	return (mantissa+1)<<shift - 1
}

func (h *latencyHistogram) record(ns int64) {
	if h.buckets == nil {
		h.buckets = map[uint32]int64{}
	}
	h.buckets[latencyBucket(ns)]++
	h.count++
}

// percentile returns the value (ns) below which p percent of the
// recorded durations fall.
func (h *latencyHistogram) percentile(p float64) int64 {
	if h.count == 0 {
		return 0
	}
	keys := make([]uint32, 0, len(h.buckets))
	for k := range h.buckets {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	target := max(1, int64(math.Ceil(p/100*float64(h.count))))
	var seen int64
	for _, k := range keys {
		seen += h.buckets[k]
		if seen >= target {
			return latencyBucketTop(k)
		}
	}
	return latencyBucketTop(keys[len(keys)-1])
}

// The rates INFO shows as instantaneous_*.
const (
	metricCommands = iota
	metricNetInput
	metricNetOutput
	metricCount
)

const metricSamples = 16

// instantaneousMetrics keeps per-second rates sampled every 100 ms or
// more from the cron, averaged over the last 16 samples, as Redis does.
type instantaneousMetrics struct {
	lastAt  int64 // unix ms of the last sample
	last    [metricCount]int64
	samples [metricCount][metricSamples]int64
	next    int
}

func (m *instantaneousMetrics) sample(now int64, values [metricCount]int64) {
	if m.lastAt == 0 {
		m.lastAt, m.last = now, values
		return
	}
	elapsed := now - m.lastAt
	if elapsed < 100 {
		return
	}
	for i, v := range values {
		m.samples[i][m.next] = (v - m.last[i]) * 1000 / elapsed
	}
	m.next = (m.next + 1) % metricSamples
	m.lastAt, m.last = now, values
}

// rate is the average of a metric's samples, per second.
func (m *instantaneousMetrics) rate(metric int) int64 {
	var sum int64
	for _, s := range m.samples[metric] {
		sum += s
	}
	return sum / metricSamples
}

// serverCron is the periodic work of the server side: idle clients and
// statistics.
func (e *Engine) serverCron() {
	e.closeIdleClients()
	e.srv.instantaneous.sample(e.now, [metricCount]int64{
		e.stats.commandsProcessed, e.srv.netInputBytes, e.srv.netOutputBytes,
	})
}
