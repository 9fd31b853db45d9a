package engine

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// Differential tests of the geo commands against redis-server: every
// command, option and error in both protocols, random points and queries
// compared reply by reply, and the side effects of the writes.

// geoCities is a small geo set with points far apart, near the
// antimeridian and near the latitude limits.
var geoCities = []string{
	"13.361389", "38.115556", "Palermo",
	"15.087269", "37.502669", "Catania",
	"2.349014", "48.864716", "Paris",
	"-0.127758", "51.507351", "London",
	"-73.935242", "40.730610", "New York",
	"139.691711", "35.689487", "Tokyo",
	"179.999", "-16.5", "Fiji east",
	"-179.999", "-16.5", "Fiji west",
	"180", "0", "antimeridian",
	"-180", "0", "antimeridian west",
	"0", "85.05112878", "north limit",
	"0", "-85.05112878", "south limit",
	"0", "0", "origin",
	"12345", "0", "",
}

func geoaddCities(p *redistest.Pair, key string) {
	args := []string{"GEOADD", key}
	for i := 0; i+2 < len(geoCities); i += 3 {
		if geoCities[i] == "12345" {
			continue
		}
		args = append(args, geoCities[i:i+3]...)
	}
	p.Check(args...)
}

func TestGeoFidelity(t *testing.T) {
	p, _ := newPair(t)
	bothProtocols(t, p, func(proto int) {
		geoaddCities(p, "g")
		p.Check("RPUSH", "list", "a")
		p.Check("SET", "str", "x")
		p.Check("ZADD", "z", "0", "zero", "-5.5", "neg", "4503599627370495", "max52", "1e300", "huge", "inf", "inf", "nan5", "nan5")
		for _, args := range [][]string{
			// GEOADD: options, replies, errors.
			{"GEOADD", "a", "1", "2", "m1"},
			{"GEOADD", "a", "1", "2", "m1"},
			{"GEOADD", "a", "1", "2.5", "m1"},
			{"GEOADD", "a", "CH", "1", "2", "m1", "3", "4", "m2"},
			{"GEOADD", "a", "NX", "5", "5", "m1", "6", "6", "m3"},
			{"GEOADD", "a", "XX", "7", "7", "m1", "8", "8", "m4"},
			{"GEOADD", "a", "xx", "ch", "9", "9", "m1", "8", "8", "m5"},
			{"GEOADD", "a", "nx", "ch", "nx", "10", "10", "m6"},
			{"GEOADD", "a", "ch", "ch", "ch"},
			{"GEOADD", "a", "nx", "xx", "1", "2", "m"},
			{"GEOADD", "a", "gt", "1", "2"},
			{"GEOADD", "a", "gt", "1", "2", "m"},
			{"GEOADD", "a", "incr", "1", "2", "m"},
			{"GEOADD", "a", "nx\x00", "1", "2", "nul"},
			{"GEOADD", "a", "ch\x00x", "1", "2.5", "nul"},
			{"GEOADD", "a", "1e-320", "-0", "tiny"},
			{"GEOADD", "a", "1", "2", "m", "3", "4"},
			{"GEOADD", "a", "1", "2"},
			{"GEOADD", "a", "x", "2", "m"},
			{"GEOADD", "a", "1", "y", "m"},
			{"GEOADD", "a", "nan", "2", "m"},
			{"GEOADD", "a", "1", "2", "ok", "181", "2", "bad"},
			{"GEOADD", "a", "180.0000001", "0", "m"},
			{"GEOADD", "a", "-180.0000001", "0", "m"},
			{"GEOADD", "a", "0", "85.05112879", "m"},
			{"GEOADD", "a", "0", "-85.05112879", "m"},
			{"GEOADD", "a", "inf", "0", "m"},
			{"GEOADD", "a", "0", "-inf", "m"},
			{"GEOADD", "a", "1e400", "0", "m"},
			{"GEOADD", "a", "-1e-400", "0", "m"},
			{"GEOADD", "a", "0x10", "0x1p-2", "hex"},
			{"GEOADD", "a", " 1", "2", "m"},
			{"GEOADD", "a", "", "2", "m"},
			{"GEOADD", "a", "123456789", "0", "m"},
			{"GEOADD", "list", "1", "2", "m"},
			{"GEOADD", "list", "200", "2", "m"},
			{"GEOADD", "fresh", "XX", "1", "2", "m"},
			{"GEOADD", "fresh2", "NX", "CH", "1", "2", "m", "1", "2", "m"},
			{"ZRANGE", "a", "0", "-1", "WITHSCORES"},
			{"EXISTS", "fresh"},
			{"OBJECT", "ENCODING", "a"},
			// GEOPOS, GEOHASH, GEODIST.
			{"GEOPOS", "g", "Palermo", "nope", "Fiji east", "antimeridian", "antimeridian west", "north limit", "south limit", "origin"},
			{"GEOPOS", "g"},
			{"GEOPOS", "missing", "a", "b"},
			{"GEOPOS", "missing"},
			{"GEOPOS", "list", "a"},
			{"GEOPOS", "str"},
			{"GEOPOS", "z", "zero", "neg", "max52", "huge", "inf", "nan5", "nope"},
			{"GEOHASH", "g", "Palermo", "nope", "Fiji west", "antimeridian", "north limit", "south limit", "origin", "Tokyo"},
			{"GEOHASH", "g"},
			{"GEOHASH", "missing", "a"},
			{"GEOHASH", "list", "a"},
			{"GEOHASH", "z", "zero", "neg", "max52", "huge", "inf"},
			{"GEODIST", "g", "Palermo", "Catania"},
			{"GEODIST", "g", "Palermo", "Catania", "km"},
			{"GEODIST", "g", "Palermo", "Catania", "KM"},
			{"GEODIST", "g", "Palermo", "Catania", "Mi"},
			{"GEODIST", "g", "Palermo", "Catania", "fT"},
			{"GEODIST", "g", "Palermo", "Catania", "M"},
			{"GEODIST", "g", "Palermo", "Catania", "km\x00junk"},
			{"GEODIST", "g", "Palermo", "Catania", "kms"},
			{"GEODIST", "g", "Palermo", "Catania", ""},
			{"GEODIST", "g", "Palermo", "Catania", "km", "extra"},
			{"GEODIST", "g", "Palermo", "Palermo"},
			{"GEODIST", "g", "Palermo", "nope"},
			{"GEODIST", "g", "nope", "Palermo", "km"},
			{"GEODIST", "g", "Fiji east", "Fiji west"},
			{"GEODIST", "g", "antimeridian", "antimeridian west"},
			{"GEODIST", "g", "north limit", "south limit", "mi"},
			{"GEODIST", "g", "Tokyo", "New York", "ft"},
			{"GEODIST", "missing", "a", "b"},
			{"GEODIST", "missing", "a", "b", "parsec"},
			{"GEODIST", "list", "a", "b"},
			{"GEODIST", "list", "a", "b", "parsec"},
			{"GEODIST", "z", "zero", "neg"},
			{"GEODIST", "z", "max52", "huge"},
			{"GEODIST", "z", "inf", "nan5", "km"},
			{"GEODIST", "g"},
			// GEORADIUS and GEORADIUSBYMEMBER.
			{"GEORADIUS", "g", "15", "37", "200", "km"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "ASC"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "DESC"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "WITHDIST"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "WITHCOORD"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "WITHHASH"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "WITHDIST", "WITHCOORD", "WITHHASH"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "withhash", "withcoord", "withdist", "withdist"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "COUNT", "1"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "COUNT", "1", "DESC"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "COUNT", "1", "ANY"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "ANY", "COUNT", "5"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "COUNT", "5", "COUNT", "1"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "ASC", "DESC"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "ANY"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "COUNT", "0"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "COUNT", "-1"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "COUNT", "x"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "COUNT"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "COUNT", "9223372036854775807"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "STORE"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "bogus"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "FROMLONLAT", "1", "2"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "BYRADIUS", "1", "m"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "STOREDIST"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "STORE", "dst", "WITHDIST"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "WITHHASH", "STOREDIST", "dst"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "WITHCOORD", "COUNT", "0", "STORE", "dst"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "STORE", "dst", "COUNT", "1", "ANY", "WITHCOORD"},
			{"GEORADIUS", "g", "15", "37", "-1", "km"},
			{"GEORADIUS", "g", "15", "37", "x", "km"},
			{"GEORADIUS", "g", "15", "37", "nan", "km"},
			{"GEORADIUS", "g", "15", "37", "1", "parsec"},
			{"GEORADIUS", "g", "15", "37", "-1", "parsec"},
			{"GEORADIUS", "g", "x", "37", "-1", "parsec"},
			{"GEORADIUS", "g", "15", "95", "-1", "parsec"},
			{"GEORADIUS", "g", "15", "37", "0", "km"},
			{"GEORADIUS", "g", "15", "37", "inf", "km"},
			{"GEORADIUS", "g", "15", "37", "20000", "km", "ASC"},
			{"GEORADIUS", "g", "180", "0", "1", "m", "WITHDIST"},
			{"GEORADIUS", "g", "-180", "0", "500", "km", "WITHDIST"},
			{"GEORADIUS", "g", "179.9", "-16.5", "100", "km", "WITHDIST", "ASC"},
			{"GEORADIUS", "g", "0", "85", "1000", "km", "WITHCOORD"},
			{"GEORADIUS", "g", "0", "-85.05112878", "1000", "km", "WITHCOORD"},
			{"GEORADIUS", "missing", "15", "37", "200", "km"},
			{"GEORADIUS", "missing", "15", "37", "-1", "km"},
			{"GEORADIUS", "missing", "15", "37", "1", "km", "bogus"},
			{"GEORADIUS", "missing", "15", "37", "1", "km", "ANY"},
			{"GEORADIUS", "list", "15", "37", "-1", "km"},
			{"GEORADIUS", "z", "0", "0", "100", "km", "WITHHASH", "WITHCOORD"},
			{"GEORADIUS_RO", "g", "15", "37", "200", "km", "WITHDIST", "ASC"},
			{"GEORADIUS_RO", "g", "15", "37", "200", "km", "STORE", "dst"},
			{"GEORADIUS_RO", "g", "15", "37", "200", "km", "STOREDIST", "dst"},
			{"GEORADIUS_RO", "missing", "15", "37", "200", "km"},
			{"GEORADIUSBYMEMBER", "g", "Palermo", "200", "km"},
			{"GEORADIUSBYMEMBER", "g", "Palermo", "200", "km", "WITHDIST", "WITHCOORD", "WITHHASH", "DESC"},
			{"GEORADIUSBYMEMBER", "g", "Palermo", "2000", "mi", "COUNT", "3"},
			{"GEORADIUSBYMEMBER", "g", "nope", "200", "km"},
			{"GEORADIUSBYMEMBER", "g", "nope", "-1", "km"},
			{"GEORADIUSBYMEMBER", "g", "Palermo", "-1", "km"},
			{"GEORADIUSBYMEMBER", "g", "Palermo", "1", "parsec"},
			{"GEORADIUSBYMEMBER", "g", "Palermo", "1", "km", "STORE"},
			{"GEORADIUSBYMEMBER", "missing", "nope", "-1", "parsec"},
			{"GEORADIUSBYMEMBER", "missing", "nope", "1", "km", "bogus"},
			{"GEORADIUSBYMEMBER", "missing", "nope", "1", "km", "STORE", "dst", "WITHDIST"},
			{"GEORADIUSBYMEMBER", "list", "nope", "1", "km"},
			{"GEORADIUSBYMEMBER", "z", "zero", "100", "km"},
			{"GEORADIUSBYMEMBER_RO", "g", "Paris", "500", "km", "WITHDIST"},
			{"GEORADIUSBYMEMBER_RO", "g", "Paris", "500", "km", "STORE", "dst"},
			{"GEORADIUSBYMEMBER_RO", "missing", "Paris", "500", "km"},
			// GEOSEARCH.
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"},
			{"GEOSEARCH", "g", "FROMMEMBER", "Palermo", "BYRADIUS", "200", "km", "WITHDIST", "ASC"},
			{"GEOSEARCH", "g", "FROMMEMBER", "Palermo", "BYBOX", "400", "400", "km", "WITHDIST", "WITHCOORD", "WITHHASH"},
			{"GEOSEARCH", "g", "BYBOX", "400", "400", "km", "FROMMEMBER", "Palermo"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYBOX", "1000", "300", "mi", "DESC", "COUNT", "2"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYBOX", "0", "0", "m"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYBOX", "inf", "inf", "m"},
			{"GEOSEARCH", "g", "FROMLONLAT", "0", "0", "BYBOX", "40000", "40000", "km", "ASC"},
			{"GEOSEARCH", "g", "FROMMEMBER", "Fiji east", "BYBOX", "10", "10", "km", "WITHDIST"},
			{"GEOSEARCH", "g", "FROMMEMBER", "Fiji east", "BYRADIUS", "10", "km", "WITHDIST"},
			{"GEOSEARCH", "g", "FROMMEMBER", "Palermo", "FROMMEMBER", "Paris", "BYRADIUS", "10", "km"},
			{"GEOSEARCH", "g", "BYRADIUS", "10", "km", "BYRADIUS", "1000", "km", "FROMMEMBER", "Paris"},
			{"GEOSEARCH", "g", "FROMMEMBER", "Palermo", "FROMLONLAT", "1", "2", "BYRADIUS", "10", "km"},
			{"GEOSEARCH", "g", "FROMLONLAT", "1", "2", "FROMMEMBER", "Palermo", "BYRADIUS", "10", "km"},
			{"GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYBOX", "1", "1", "km", "BYRADIUS", "10", "km"},
			{"GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYRADIUS", "10", "km", "BYBOX", "1", "1", "km"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "STORE", "dst"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "STOREDIST"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "ASC"},
			{"GEOSEARCH", "g", "BYRADIUS", "200", "km", "ASC"},
			{"GEOSEARCH", "g", "ASC", "DESC", "WITHDIST", "COUNT"},
			{"geoSearch", "g", "ASC", "DESC", "WITHDIST"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ANY"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "COUNT", "1", "ANY"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "FROMLONLAT", "1"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYBOX", "200", "km"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYBOX", "-1", "1", "km"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYBOX", "1", "-1", "km"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYBOX", "x", "-1", "km"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYBOX", "-1", "x", "km"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYBOX", "1", "1", "parsec"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYBOX", "-1", "1", "parsec"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "x", "km"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "97", "BYRADIUS", "1", "km"},
			{"GEOSEARCH", "g", "FROMLONLAT", "x", "37", "BYRADIUS", "1", "km"},
			{"GEOSEARCH", "g", "FROMMEMBER", "nope", "BYRADIUS", "1", "km"},
			{"GEOSEARCH", "g", "FROMMEMBER", "nope", "BYRADIUS", "-1", "km"},
			{"GEOSEARCH", "g", "BYRADIUS", "-1", "km", "FROMMEMBER", "nope"},
			{"GEOSEARCH", "missing", "FROMMEMBER", "nope", "BYRADIUS", "1", "km"},
			{"GEOSEARCH", "missing", "FROMMEMBER", "nope", "BYRADIUS", "-1", "km"},
			{"GEOSEARCH", "missing", "FROMMEMBER", "nope", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km"},
			{"GEOSEARCH", "missing", "FROMLONLAT", "1", "2"},
			{"GEOSEARCH", "missing", "BYRADIUS", "1", "km", "ASC"},
			{"GEOSEARCH", "list", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km"},
			{"GEOSEARCH", "list", "FROMLONLAT", "1", "2000", "BYRADIUS", "1", "km"},
			{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "KM", "WITHDIST", "COUNT", "1", "ANY", "DESC"},
			{"GEOSEARCH", "g", "fromlonlat", "15", "37", "byradius", "200", "mI", "withcoord", "count", "2", "asc"},
			{"GEOSEARCH", "g", "FROMLONLAT\x00", "15", "37", "BYRADIUS\x00x", "200", "km\x00y", "WITHDIST\x00z", "COUNT\x00", "1"},
			{"GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYRADIUS", "1e308", "km", "WITHDIST"},
			{"GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYBOX", "1e308", "1e308", "km", "WITHDIST"},
			{"GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYBOX", "inf", "0", "km", "WITHDIST"},
			{"GEOSEARCH", "g", "FROMLONLAT", "1", "2", "BYBOX", "0", "inf", "km", "WITHDIST"},
			// GEOSEARCHSTORE and the STORE options.
			{"GEOSEARCHSTORE", "dst", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"},
			{"ZRANGE", "dst", "0", "-1", "WITHSCORES"},
			{"OBJECT", "ENCODING", "dst"},
			{"GEOSEARCHSTORE", "dst", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "STOREDIST"},
			{"ZRANGE", "dst", "0", "-1", "WITHSCORES"},
			{"GEOSEARCHSTORE", "dst", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "STOREDIST", "COUNT", "1"},
			{"ZRANGE", "dst", "0", "-1", "WITHSCORES"},
			{"GEOSEARCHSTORE", "dst", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "2", "km"},
			{"EXISTS", "dst"},
			{"GEOSEARCHSTORE", "dst", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "2", "km"},
			{"GEOSEARCHSTORE", "dst", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "WITHDIST"},
			{"GEOSEARCHSTORE", "dst", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "STORE", "x"},
			{"GEOSEARCHSTORE", "dst", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "STOREDIST", "x"},
			{"GEOSEARCHSTORE", "dst", "g", "FROMLONLAT", "15", "37"},
			{"GEOSEARCHSTORE", "dst", "missing", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"},
			{"SET", "dst", "x"},
			{"GEOSEARCHSTORE", "dst", "missing", "FROMMEMBER", "x", "BYRADIUS", "200", "km"},
			{"EXISTS", "dst"},
			{"SET", "dst", "x"},
			{"GEOSEARCHSTORE", "dst", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"},
			{"TYPE", "dst"},
			{"GEOSEARCHSTORE", "dst", "list", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"},
			{"GEOSEARCHSTORE", "g", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "STOREDIST"},
			{"ZRANGE", "g", "0", "-1", "WITHSCORES"},
			{"GEOSEARCHSTORE", "g", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "0", "km"},
			{"EXISTS", "g"},
		} {
			p.Check(args...)
		}
		geoaddCities(p, "g")
		for _, args := range [][]string{
			{"GEORADIUS", "g", "15", "37", "200", "km", "STORE", "dst"},
			{"ZRANGE", "dst", "0", "-1", "WITHSCORES"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "STOREDIST", "dst", "DESC", "COUNT", "1"},
			{"ZRANGE", "dst", "0", "-1", "WITHSCORES"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "STORE", "dst", "STOREDIST", "dst2"},
			{"ZRANGE", "dst2", "0", "-1", "WITHSCORES"},
			{"GEORADIUS", "g", "15", "37", "200", "km", "STOREDIST", "dst2", "STORE", "dst3"},
			{"ZRANGE", "dst3", "0", "-1", "WITHSCORES"},
			{"GEORADIUS", "g", "15", "37", "200", "m", "STORE", "dst"},
			{"EXISTS", "dst"},
			{"GEORADIUS", "missing", "15", "37", "200", "km", "STORE", "dst3"},
			{"EXISTS", "dst3"},
			{"GEORADIUSBYMEMBER", "g", "Paris", "400", "km", "STORE", "dst"},
			{"ZRANGE", "dst", "0", "-1", "WITHSCORES"},
			{"GEORADIUSBYMEMBER", "missing", "Paris", "400", "km", "STORE", "dst"},
			{"EXISTS", "dst"},
			{"GEORADIUSBYMEMBER", "g", "Paris", "4000", "km", "STOREDIST", "list"},
			{"TYPE", "list"},
			{"GEORADIUSBYMEMBER", "g", "nope", "4000", "km", "STORE", "dst"},
			{"GEOADD", "g", "1", "1", strings.Repeat("long", 20)},
			{"GEORADIUS", "g", "1", "1", "1", "km", "STORE", "dst"},
			{"OBJECT", "ENCODING", "dst"},
			{"DUMP", "dst"},
			{"DUMP", "dst2"},
			{"DUMP", "g"},
		} {
			p.Check(args...)
		}
	})
}

// The keys COMMAND GETKEYS finds in the geo and HyperLogLog commands.
func TestGeoGetKeys(t *testing.T) {
	p, _ := newPair(t)
	for _, args := range [][]string{
		{"GEORADIUS", "k", "0", "0", "1", "m"},
		{"GEORADIUS", "k", "0", "0", "1", "m", "STORE", "d"},
		{"GEORADIUS", "k", "0", "0", "1", "m", "STOREDIST", "d"},
		{"GEORADIUS", "k", "0", "0", "1", "m", "STORE", "d", "STOREDIST", "e"},
		{"GEORADIUS", "k", "0", "0", "1", "m", "store", "d", "COUNT", "5"},
		{"GEORADIUS", "k", "0", "0", "1", "m", "STORE"},
		{"GEORADIUS", "k", "0", "0", "1", "m", "COUNT", "STORE"},
		{"GEORADIUS", "STORE", "0", "0", "1", "m", "STORE", "x"},
		{"GEORADIUSBYMEMBER", "k", "m", "1", "m", "STORE", "d"},
		{"GEORADIUSBYMEMBER", "k", "m", "1", "m", "STOREDIST", "d", "ASC"},
		{"GEORADIUSBYMEMBER", "k", "m", "1", "m"},
		{"GEORADIUS_RO", "k", "0", "0", "1", "m", "STORE", "d"},
		{"GEORADIUSBYMEMBER_RO", "k", "m", "1", "m"},
		{"GEOSEARCH", "k", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m"},
		{"GEOSEARCHSTORE", "d", "k", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m"},
		{"GEOADD", "k", "0", "0", "m"},
		{"GEODIST", "k", "a", "b"},
		{"GEOPOS", "k", "a"},
		{"GEOHASH", "k", "a"},
		{"PFADD", "k", "a"},
		{"PFCOUNT", "k", "j", "l"},
		{"PFMERGE", "d", "k", "j"},
		{"PFDEBUG", "GETREG", "k"},
	} {
		p.Check(append([]string{"COMMAND", "GETKEYS"}, args...)...)
		p.Check(append([]string{"COMMAND", "GETKEYSANDFLAGS"}, args...)...)
	}
	// (PFCOUNT's COMMAND INFO differs: the table leaves out key spec notes,
	// which are Redis's prose.)
	for _, name := range []string{"geoadd", "georadius", "georadius_ro", "geosearchstore", "pfadd", "pfdebug", "pfselftest"} {
		p.Check("COMMAND", "INFO", name)
	}
}

// geoRandom generates points and queries, with a bias towards the edges
// of the map: the poles' latitude limits and the antimeridian.
type geoRandom struct{ *rand.Rand }

func (r geoRandom) lon() float64 {
	switch r.IntN(8) {
	case 0:
		return 180 - r.Float64()*r.Float64()*2
	case 1:
		return -180 + r.Float64()*r.Float64()*2
	case 2:
		return []float64{180, -180, 0}[r.IntN(3)]
	}
	return r.Float64()*360 - 180
}

func (r geoRandom) lat() float64 {
	const max = 85.05112878
	switch r.IntN(8) {
	case 0:
		return max - r.Float64()*r.Float64()*3
	case 1:
		return -max + r.Float64()*r.Float64()*3
	case 2:
		return []float64{max, -max, 0}[r.IntN(3)]
	}
	return r.Float64()*2*max - max
}

// num prints a number as a client might: full precision, or rounded.
func (r geoRandom) num(f float64) string {
	if r.IntN(3) == 0 {
		return strconv.FormatFloat(f, 'f', r.IntN(7), 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// size is a distance in m between 0 and 25,000 km, spread over magnitudes.
func (r geoRandom) size() float64 {
	switch r.IntN(20) {
	case 0:
		return 0
	case 1:
		return 25_000_000
	}
	return math.Pow(10, r.Float64()*7.4)
}

func (r geoRandom) unit() (string, float64) {
	units := []string{"m", "km", "ft", "mi", "M", "Km", "FT", "mI"}
	u := units[r.IntN(len(units))]
	toMeters, _ := map[string]float64{"m": 1, "km": 1000, "ft": 0.3048, "mi": 1609.34}[strings.ToLower(u)]
	return u, toMeters
}

// centre is the FROM part of a GEOSEARCH: a member or a position.
func (r geoRandom) centre(members []string) []string {
	if r.IntN(3) == 0 {
		return []string{"FROMMEMBER", members[r.IntN(len(members))]}
	}
	return []string{"FROMLONLAT", r.num(r.lon()), r.num(r.lat())}
}

// options are the trailing options of a search, in random order.
func (r geoRandom) options(store bool) []string {
	var opts [][]string
	if !store {
		for _, with := range []string{"WITHDIST", "WITHCOORD", "WITHHASH"} {
			if r.IntN(2) == 0 {
				opts = append(opts, []string{with})
			}
		}
	}
	switch r.IntN(3) {
	case 0:
		opts = append(opts, []string{"ASC"})
	case 1:
		opts = append(opts, []string{"DESC"})
	}
	if r.IntN(2) == 0 {
		count := []string{"COUNT", strconv.Itoa(1 + r.IntN(1<<r.IntN(9)))}
		if r.IntN(3) == 0 {
			count = append(count, "ANY")
		}
		opts = append(opts, count)
	}
	r.Shuffle(len(opts), func(i, j int) { opts[i], opts[j] = opts[j], opts[i] })
	var out []string
	for _, o := range opts {
		out = append(out, o...)
	}
	return out
}

// geoScoresClose compares two replies that may hold distances stored as
// scores (STOREDIST): equal but for scores a few ulps apart, which glibc's
// sin, cos and asin can cause (see engine/geo's doc). It counts those.
func geoScoresClose(nearMisses *int) func(real, mine resp.Value) bool {
	var same func(a, b resp.Value) bool
	same = func(a, b resp.Value) bool {
		if a.Type != b.Type || len(a.Elems) != len(b.Elems) || a.Int != b.Int || a.IsNull != b.IsNull {
			return false
		}
		for i := range a.Elems {
			if !same(a.Elems[i], b.Elems[i]) {
				return false
			}
		}
		if bytes.Equal(a.Str, b.Str) {
			return true
		}
		x, err1 := strconv.ParseFloat(string(a.Str), 64)
		y, err2 := strconv.ParseFloat(string(b.Str), 64)
		if err1 != nil || err2 != nil || ulpDistance(x, y) > 4 {
			return false
		}
		*nearMisses++
		return true
	}
	return same
}

func ulpDistance(a, b float64) uint64 {
	x, y := math.Float64bits(a), math.Float64bits(b)
	if math.Signbit(a) != math.Signbit(b) {
		return math.MaxUint64
	}
	if x > y {
		return x - y
	}
	return y - x
}

// TestGeoRandom compares random searches over random sets, small
// (listpack) and large (skiplist), in both protocols.
func TestGeoRandom(t *testing.T) {
	p, _ := newPair(t)
	r := geoRandom{rand.New(rand.NewPCG(2024, 7))}
	nearMisses, stores := 0, 0
	bothProtocols(t, p, func(proto int) {
		for _, size := range []int{20, 300, 3000} {
			p.Check("DEL", "g")
			members := make([]string, size)
			args := []string{"GEOADD", "g"}
			for i := range members {
				members[i] = "m" + strconv.Itoa(i)
				args = append(args, r.num(r.lon()), r.num(r.lat()), members[i])
			}
			p.Check(args...)
			p.Check("OBJECT", "ENCODING", "g")
			for i := 0; i < 40; i++ {
				a, b := members[r.IntN(size)], members[r.IntN(size)]
				unit, _ := r.unit()
				p.Check("GEODIST", "g", a, b, unit)
				p.Check("GEOPOS", "g", a, b, "nope")
				p.Check("GEOHASH", "g", a, "nope", b)
			}
			for i := 0; i < 500; i++ {
				unit, toMeters := r.unit()
				var shape []string
				if r.IntN(2) == 0 {
					shape = []string{"BYRADIUS", r.num(r.size() / toMeters), unit}
				} else {
					shape = []string{"BYBOX", r.num(r.size() / toMeters), r.num(r.size() / toMeters), unit}
				}
				store := r.IntN(4) == 0
				query := append(append(r.centre(members), shape...), r.options(store)...)
				switch {
				case store && shape[0] == "BYRADIUS" && query[0] == "FROMLONLAT" && r.IntN(2) == 0:
					// GEORADIUS ... STORE|STOREDIST
					args := append([]string{"GEORADIUS", "g", query[1], query[2], shape[1], shape[2]}, query[3+len(shape):]...)
					args = append(args, []string{"STORE", "STOREDIST"}[r.IntN(2)], "dst")
					p.Check(args...)
					p.CheckWith(geoScoresClose(&nearMisses), "ZRANGE", "dst", "0", "-1", "WITHSCORES")
					stores++
				case store:
					args := append([]string{"GEOSEARCHSTORE", "dst", "g"}, query...)
					if r.IntN(2) == 0 {
						args = append(args, "STOREDIST")
					}
					p.Check(args...)
					p.CheckWith(geoScoresClose(&nearMisses), "ZRANGE", "dst", "0", "-1", "WITHSCORES")
					stores++
				case shape[0] == "BYRADIUS" && query[0] == "FROMLONLAT" && r.IntN(2) == 0:
					// The same query as GEORADIUS.
					args := append([]string{"GEORADIUS", "g", query[1], query[2], shape[1], shape[2]}, query[3+len(shape):]...)
					p.Check(args...)
				case shape[0] == "BYRADIUS" && query[0] == "FROMMEMBER" && r.IntN(2) == 0:
					args := append([]string{"GEORADIUSBYMEMBER_RO", "g", query[1], shape[1], shape[2]}, query[2+len(shape):]...)
					p.Check(args...)
				default:
					p.Check(append([]string{"GEOSEARCH", "g"}, query...)...)
				}
			}
		}
	})
	t.Logf("%d stored searches; %d stored distances a few ulps away from Redis's", stores, nearMisses)
	if nearMisses*20 > stores {
		t.Errorf("too many distances off by an ulp: %d", nearMisses)
	}
}

// Members at equal distances from the centre: the order COUNT returns them
// in comes from Redis's partial quicksort, and the full sorts are stable.
func TestGeoEqualDistances(t *testing.T) {
	p, _ := newPair(t)
	r := rand.New(rand.NewPCG(5, 5))
	bothProtocols(t, p, func(proto int) {
		for _, size := range []int{6, 7, 8, 30, 41, 100, 400} {
			p.Check("DEL", "g")
			args := []string{"GEOADD", "g"}
			for i := 0; i < size; i++ {
				// A few positions shared by many members, some of them
				// mirrored around the centre so that distances tie.
				spot := r.IntN(1 + size/8)
				lon := 10 + float64(spot%5)*0.01
				if r.IntN(2) == 0 {
					lon = 20 - lon
				}
				lat := 10 + float64(spot/5)*0.01
				args = append(args, strconv.FormatFloat(lon, 'f', -1, 64), strconv.FormatFloat(lat, 'f', -1, 64), "m"+strconv.Itoa(r.IntN(10*size)))
			}
			p.Check(args...)
			for _, count := range []int{1, 2, 3, 5, 6, 7, 10, 40, size - 1, size, size + 1} {
				if count < 1 {
					continue
				}
				c := strconv.Itoa(count)
				p.Check("GEOSEARCH", "g", "FROMLONLAT", "10", "10", "BYRADIUS", "200", "km", "COUNT", c)
				p.Check("GEOSEARCH", "g", "FROMLONLAT", "10", "10", "BYRADIUS", "200", "km", "COUNT", c, "DESC", "WITHDIST")
				p.Check("GEORADIUS", "g", "10", "10", "200", "km", "COUNT", c, "ASC")
				p.Check("GEOSEARCHSTORE", "dst", "g", "FROMLONLAT", "10", "10", "BYBOX", "400", "400", "km", "COUNT", c, "STOREDIST")
				p.Check("ZRANGE", "dst", "0", "-1")
			}
			p.Check("GEOSEARCH", "g", "FROMLONLAT", "10", "10", "BYRADIUS", "200", "km", "ASC")
			p.Check("GEOSEARCH", "g", "FROMLONLAT", "10", "10", "BYRADIUS", "200", "km", "DESC")
			p.Check("GEOSEARCH", "g", "FROMLONLAT", "10", "10", "BYRADIUS", "200", "km")
		}
		// Members found already sorted: along a parallel east of the
		// centre, scores grow with the distance. The partial quicksort's
		// first partition then swaps nothing and it falls back to an
		// insertion sort, which keeps the tied members in order.
		p.Check("DEL", "g")
		args := []string{"GEOADD", "g"}
		for i := 0; i < 8; i++ {
			args = append(args, "10.001", "10", "tie"+strconv.Itoa(i))
		}
		for i := 2; i < 12; i++ {
			args = append(args, "10.0"+fmt.Sprintf("%02d", i), "10", "far"+strconv.Itoa(i))
		}
		p.Check(args...)
		for _, count := range []string{"1", "3", "8", "9", "17"} {
			p.Check("GEOSEARCH", "g", "FROMLONLAT", "10", "10", "BYRADIUS", "20", "km", "COUNT", count, "WITHDIST")
			p.Check("GEOSEARCH", "g", "FROMLONLAT", "10.02", "10", "BYRADIUS", "20", "km", "COUNT", count, "DESC")
		}
	})
}

// geoEventScript exercises every change the geo commands make, for the
// side-effect comparison: events, changes counted, propagation, WATCH.
const geoEventScript = `
GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania
GEOADD g 13.361389 38.115556 Palermo
GEOADD g CH 13.361389 38.2 Palermo 2.35 48.86 Paris
GEOADD g NX 1 1 Palermo
GEOADD g XX 1 1 nobody
GEOADD g XX CH 1 1 Palermo
GEOADD fresh XX 1 1 a
GEOADD g 181 1 bad
GEOADD g 180 85.05112878 top -180 -85.05112878 bottom 180 0 east
RPUSH list a
GEOADD list 1 1 a
GEODIST g Palermo Catania
GEODIST missing a b
GEOPOS g Palermo
GEOPOS missing a
GEOHASH g Palermo
GEORADIUS g 15 37 200 km
GEORADIUS missing 15 37 200 km
GEORADIUS g 15 37 200 km STORE dst
GEORADIUS g 15 37 200 km STORE dst
GEORADIUS g 15 37 2000 km STOREDIST dst COUNT 2
GEORADIUS g 15 37 2 km STORE dst
GEORADIUS g 15 37 2 km STORE dst
GEORADIUS missing 15 37 200 km STORE dst
GEORADIUS g 15 37 200 km STORE dst
GEORADIUS missing 15 37 200 km STORE dst
GEORADIUS g 15 37 200 km STORE list
GEORADIUS_RO g 15 37 200 km
GEORADIUSBYMEMBER g Palermo 300 km STORE dst2
GEORADIUSBYMEMBER g Palermo 300 km STOREDIST dst2
GEORADIUSBYMEMBER g nope 300 km STORE dst2
GEORADIUSBYMEMBER_RO g Palermo 300 km
GEOSEARCH g FROMMEMBER Palermo BYRADIUS 300 km
GEOSEARCHSTORE dst3 g FROMMEMBER Palermo BYRADIUS 300 km
GEOSEARCHSTORE dst3 g FROMMEMBER Palermo BYBOX 3000 3000 km STOREDIST
GEOSEARCHSTORE dst3 g FROMMEMBER Palermo BYBOX 0 0 km
GEOSEARCHSTORE dst3 missing FROMMEMBER Palermo BYBOX 0 0 km
GEOSEARCHSTORE dst3 g FROMLONLAT 15 37 BYRADIUS 200 km
GEOSEARCHSTORE dst3 missing FROMMEMBER Palermo BYBOX 0 0 km
GEOSEARCHSTORE dst3 list FROMLONLAT 15 37 BYRADIUS 200 km
GEOSEARCHSTORE g g FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST
GEOSEARCHSTORE g g FROMLONLAT 15 37 BYRADIUS 0 km
`

func TestGeoSideEffects(t *testing.T) {
	s := newSideEffects(t)
	runSideEffectScript(t, s, geoEventScript)
	// Destinations whose time passed, and sources.
	s.do("GEOADD", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania")
	for _, write := range [][]string{
		{"GEORADIUS", "g", "15", "37", "200", "km", "STORE", "k"},
		{"GEORADIUS", "g", "15", "37", "2", "km", "STORE", "k"},
		{"GEORADIUS", "missing", "15", "37", "2", "km", "STORE", "k"},
		{"GEOSEARCHSTORE", "k", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"},
		{"GEOSEARCHSTORE", "k", "missing", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"},
		{"GEOADD", "k", "1", "1", "a"},
		{"GEOSEARCH", "k", "FROMLONLAT", "1", "1", "BYRADIUS", "200", "km"},
	} {
		s.do("ZADD", "k", "0", "old")
		s.do("PEXPIRE", "k", "1")
		time.Sleep(5 * time.Millisecond)
		s.do(write...)
		s.do("DEL", "k")
	}
}
