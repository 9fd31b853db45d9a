package engine

import (
	"math"
	"math/bits"
)

// Measurements behind INFO's rates and latency percentiles.

// latencyHistogram counts command durations (ns) in logarithmic
// buckets: 16 per doubling, about 4% wide, enough for the percentiles of
// INFO latencystats. It is an array, so recording costs no allocation or
// hashing.
type latencyHistogram struct {
	count   int64
	buckets *[latencyBuckets]uint32 // allocated at the first call
}

const (
	latencyMantissaBits = 4
	latencyBuckets      = (64 - latencyMantissaBits + 1) << latencyMantissaBits
)

// latencyBucket returns the bucket of a duration: values below 16 have
// their own, above that the position of the top bit and the 4 bits below
// it choose one.
func latencyBucket(ns int64) int {
	v := uint64(max(ns, 1))
	e := bits.Len64(v)
	if e <= latencyMantissaBits+1 {
		return int(v)
	}
	shift := e - latencyMantissaBits - 1
	return (shift+1)<<latencyMantissaBits | int(v>>shift)&(1<<latencyMantissaBits-1)
}

// latencyBucketTop is the largest value a bucket holds.
func latencyBucketTop(b int) int64 {
	if b < 2<<latencyMantissaBits {
		return int64(b)
	}
	shift := b>>latencyMantissaBits - 1
	mantissa := int64(b&(1<<latencyMantissaBits-1)) | 1<<latencyMantissaBits
	return (mantissa+1)<<shift - 1
}

func (h *latencyHistogram) record(ns int64) {
	if h.buckets == nil {
		h.buckets = new([latencyBuckets]uint32)
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
	target := max(1, int64(math.Ceil(p/100*float64(h.count))))
	var seen int64
	last := 0
	for b, n := range h.buckets {
		if n == 0 {
			continue
		}
		seen += int64(n)
		last = b
		if seen >= target {
			break
		}
	}
	return latencyBucketTop(last)
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
