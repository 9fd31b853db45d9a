package server

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/redwasm/redwasm/engine/redistest"
)

// TestConcurrentTransactions has hundreds of clients increment one counter
// with WATCH/MULTI/EXEC, retrying when the watch breaks: the final count is
// exact.
func TestConcurrentTransactions(t *testing.T) {
	addr := startServer(t, nil)
	const clients, increments = 200, 10
	rdb := redis.NewClient(&redis.Options{Addr: addr, PoolSize: clients})
	defer rdb.Close()
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for n := 0; n < increments; n++ {
				for {
					err := rdb.Watch(ctx, func(tx *redis.Tx) error {
						v, err := tx.Get(ctx, "counter").Int()
						if err != nil && err != redis.Nil {
							return err
						}
						_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
							p.Set(ctx, "counter", v+1, 0)
							return nil
						})
						return err
					}, "counter")
					if err == nil {
						break
					}
					if !errors.Is(err, redis.TxFailedErr) {
						t.Errorf("client %d: %v", i, err)
						return
					}
				}
			}
		}(i)
	}
	wg.Wait()
	if got, err := rdb.Get(ctx, "counter").Int(); err != nil || got != clients*increments {
		t.Fatalf("counter = %d, %v; want %d", got, err, clients*increments)
	}
}

// TestConcurrentHandOffs has hundreds of consumers blocked in BLPOP while
// producers LPUSH unique items: every item is delivered exactly once.
func TestConcurrentHandOffs(t *testing.T) {
	addr := startServer(t, nil)
	const consumers, producers, perProducer = 150, 50, 30
	total := producers * perProducer
	rdb := redis.NewClient(&redis.Options{Addr: addr, PoolSize: consumers + producers})
	defer rdb.Close()
	ctx := context.Background()
	got := make(chan string, total)
	var cwg sync.WaitGroup
	stop := make(chan struct{})
	for i := 0; i < consumers; i++ {
		cwg.Add(1)
		go func() {
			defer cwg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				kv, err := rdb.BLPop(ctx, 200*time.Millisecond, "queue").Result()
				if err == redis.Nil {
					continue
				}
				if err != nil {
					t.Errorf("BLPOP: %v", err)
					return
				}
				got <- kv[1]
			}
		}()
	}
	var pwg sync.WaitGroup
	for p := 0; p < producers; p++ {
		pwg.Add(1)
		go func(p int) {
			defer pwg.Done()
			for n := 0; n < perProducer; n++ {
				if err := rdb.LPush(ctx, "queue", fmt.Sprintf("%d-%d", p, n)).Err(); err != nil {
					t.Errorf("LPUSH: %v", err)
					return
				}
			}
		}(p)
	}
	pwg.Wait()
	seen := map[string]bool{}
	timeout := time.After(30 * time.Second)
	for len(seen) < total {
		select {
		case item := <-got:
			if seen[item] {
				t.Fatalf("%s delivered twice", item)
			}
			seen[item] = true
		case <-timeout:
			t.Fatalf("only %d of %d items delivered", len(seen), total)
		}
	}
	close(stop)
	cwg.Wait()
	select {
	case item := <-got:
		t.Fatalf("extra delivery %s", item)
	default:
	}
	if n, _ := rdb.LLen(ctx, "queue").Result(); n != 0 {
		t.Fatalf("%d items left in the queue", n)
	}
}

// TestRedisCLISubscribe runs redis-cli in subscribe mode against the
// server: it prints the subscription and the published messages.
func TestRedisCLISubscribe(t *testing.T) {
	cli, err := exec.LookPath("redis-cli")
	if err != nil {
		redistest.Unavailable(t, err)
	}
	addr := startServer(t, nil)
	host, port, _ := net.SplitHostPort(addr)
	cmd := exec.Command(cli, "-h", host, "-p", port, "SUBSCRIBE", "news")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stdout)
	var out []string
	for len(out) < 3 && lines.Scan() {
		out = append(out, lines.Text())
	}
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	if n, err := rdb.Publish(context.Background(), "news", "hello there").Result(); err != nil || n != 1 {
		t.Fatalf("PUBLISH = %d, %v", n, err)
	}
	for len(out) < 6 && lines.Scan() {
		out = append(out, lines.Text())
	}
	if got := strings.Join(out, "\n"); got != "subscribe\nnews\n1\nmessage\nnews\nhello there" {
		t.Fatalf("redis-cli printed:\n%s", got)
	}
}
