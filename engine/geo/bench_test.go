package geo

import (
	"math/rand/v2"
	"testing"
)

var benchSink float64

func BenchmarkScore(b *testing.B) {
	for i := 0; i < b.N; i++ {
		s, _ := Score(13.361389+float64(i%1000)*1e-3, 38.115556)
		benchSink += s
	}
}

func BenchmarkPosition(b *testing.B) {
	for i := 0; i < b.N; i++ {
		lon, _ := Position(3479099956230698 + float64(i%1000))
		benchSink += lon
	}
}

func BenchmarkDistance(b *testing.B) {
	for i := 0; i < b.N; i++ {
		benchSink += Distance(13.361389, 38.115556, 15.087269+float64(i%1000)*1e-3, 37.502669)
	}
}

func BenchmarkHash(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_ = Hash(3479099956230698 + float64(i%1000))
	}
}

// One candidate member checked against a 200 km circle.
func BenchmarkMatchCircle(b *testing.B) {
	s := Circle(15, 37, 200, 1000)
	scores := benchScores()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, _, _, _ := s.Match(scores[i%len(scores)])
		benchSink += d
	}
}

func BenchmarkMatchBox(b *testing.B) {
	s := Box(15, 37, 400, 300, 1000)
	scores := benchScores()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, _, _, _ := s.Match(scores[i%len(scores)])
		benchSink += d
	}
}

// Planning a search: bounding box, precision, the nine boxes.
func BenchmarkRanges(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_ = Circle(15, 37, float64(1+i%1000), 1000).Ranges()
	}
}

func benchScores() []float64 {
	r := rand.New(rand.NewPCG(1, 1))
	scores := make([]float64, 1024)
	for i := range scores {
		scores[i], _ = Score(15+r.Float64()*4-2, 37+r.Float64()*4-2)
	}
	return scores
}
