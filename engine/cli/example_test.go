package cli_test

import (
	"fmt"

	"github.com/redwasm/redwasm/engine/cli"
	"github.com/redwasm/redwasm/engine/resp"
)

func ExampleParseLine() {
	line, err := cli.ParseLine(`3 SET greeting "hello\tworld"`)
	fmt.Println(line.Repeat, len(line.Args), cli.Quote(line.Args[2]), err)

	_, err = cli.ParseLine(`SET greeting "hello`)
	fmt.Println(err)
	// Output:
	// 3 3 "hello\tworld" <nil>
	// Invalid argument(s)
}

func ExampleFormatTTY() {
	reply := []byte("*3\r\n$5\r\nhello\r\n*2\r\n:1\r\n$-1\r\n%1\r\n$1\r\nk\r\n#t\r\n")
	v, _, _ := resp.ParseReply(reply)
	fmt.Print(cli.FormatTTY(v))
	fmt.Print(cli.FormatRaw(v))
	// Output:
	// 1) "hello"
	// 2) 1) (integer) 1
	//    2) (nil)
	// 3) 1# "k" => (true)
	// hello
	// 1
	//
	// k (true)
}

func ExampleFormatReply() {
	v, _, _ := resp.ParseReply([]byte("$19\r\n# Keyspace\ndb0:k=1\n\r\n"))
	fmt.Print(cli.FormatReply(cli.TTY, []string{"GET", "report"}, v))
	fmt.Print(cli.FormatReply(cli.TTY, []string{"INFO", "keyspace"}, v))
	// Output:
	// "# Keyspace\ndb0:k=1\n"
	// # Keyspace
	// db0:k=1
}
