// Command testsummary reads `go test -json` on standard input and prints what a plain `go test`
// prints — each package's result, and the whole output of every test that failed — and then a
// count of the tests that passed, were skipped and failed, naming every skipped test with its
// reason. Skips are otherwise silent: a run on an older Terraform CLI skips the tests that need a
// newer one (tfversion.SkipBelow) and still passes, and only this count makes that visible.
//
//	go test -json ./... 2>&1 | go run ./scripts/testsummary -title "Acceptance tests"
//
// With -v every line is printed as it arrives, as `go test -v` does. Lines that are not JSON
// (the go command's own messages) are printed as they are. It exits 1 when a test, a package or
// a build failed, or when no package reported a result at all, so a pipeline that ends in it
// fails even without `set -o pipefail`.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	title := flag.String("title", "Tests", "what the summary line calls the run")
	verbose := flag.Bool("v", false, "print every test's output as it arrives, not only failed tests'")
	flag.Parse()

	s := newSummary(os.Stdout, *verbose)
	if err := s.read(os.Stdin); err != nil {
		fmt.Fprintln(os.Stderr, "testsummary: reading go test -json:", err)
		os.Exit(1)
	}
	if ok := s.report(*title); !ok {
		os.Exit(1)
	}
}
