package main

// main is a placeholder so the package builds until the generator is written.
func main() {}
