module github.com/redwasm/redwasm

go 1.26
