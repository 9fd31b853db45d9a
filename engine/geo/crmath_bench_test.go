package geo

import "testing"

var sink float64

func BenchmarkCrSin(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink += crSin(float64(i%1000) * 0.0015)
	}
}

func BenchmarkCrCos(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink += crCos(float64(i%1000) * 0.0015)
	}
}

func BenchmarkCrAsin(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink += crAsin(float64(i%1000) * 0.000999)
	}
}

func BenchmarkSeriesFast(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink += fastSeries.sin(dd{float64(i%1000) * 0.0015, 0}).hi
	}
}

func BenchmarkSeriesFull(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink += fullSeries.sin(dd{float64(i%1000) * 0.0015, 0}).hi
	}
}
