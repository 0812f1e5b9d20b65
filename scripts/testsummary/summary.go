package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json), build events included.
type event struct {
	Action     string
	Package    string
	ImportPath string // build-output and build-fail carry the package here
	Test       string
	Output     string
}

type testID struct{ pkg, test string }

type skippedTest struct {
	testID
	reason string
}

// summary follows the stream: output of a running test is held until the test ends, then
// printed if it failed, kept as the reason if it was skipped, and dropped if it passed.
type summary struct {
	out      io.Writer
	verbose  bool
	running  map[testID]*strings.Builder
	passed   int
	failed   []testID
	skipped  []skippedTest
	packages map[string]string // package → pass, fail, or skip when it has no test files
	builds   []string          // packages whose build failed
}

func newSummary(out io.Writer, verbose bool) *summary {
	return &summary{out: out, verbose: verbose, running: map[testID]*strings.Builder{}, packages: map[string]string{}}
}

func (s *summary) read(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 64*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil || e.Action == "" {
			fmt.Fprintf(s.out, "%s\n", line)
			continue
		}
		s.handle(e)
	}
	return sc.Err()
}

func (s *summary) handle(e event) {
	switch {
	case e.Action == "build-output":
		fmt.Fprint(s.out, e.Output)
	case e.Action == "build-fail":
		s.builds = append(s.builds, e.ImportPath)
	case e.Test == "":
		s.handlePackage(e)
	default:
		s.handleTest(e)
	}
}

func (s *summary) handlePackage(e event) {
	switch e.Action {
	case "output":
		if s.verbose || !verboseOnly[e.Output] {
			fmt.Fprint(s.out, e.Output)
		}
	case "pass", "skip":
		s.packages[e.Package] = e.Action
	case "fail":
		s.packages[e.Package] = e.Action
		s.unfinished(e.Package)
	}
}

// unfinished reports the tests of a failed package that never ended (a timeout, a panic in
// another goroutine, os.Exit): their output would otherwise be lost with the process.
func (s *summary) unfinished(pkg string) {
	var ids []testID
	for id := range s.running {
		if id.pkg == pkg {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return less(ids[i], ids[j]) })
	for _, id := range ids {
		if !s.verbose {
			fmt.Fprint(s.out, s.running[id].String())
		}
		fmt.Fprintf(s.out, "--- DID NOT FINISH: %s\n", id.test)
		s.failed = append(s.failed, testID{id.pkg, id.test + " (did not finish)"})
		delete(s.running, id)
	}
}

func (s *summary) handleTest(e event) {
	id := testID{e.Package, e.Test}
	switch e.Action {
	case "run":
		s.running[id] = &strings.Builder{}
	case "output":
		if s.verbose {
			fmt.Fprint(s.out, e.Output)
		}
		if b := s.running[id]; b != nil {
			b.WriteString(e.Output)
		}
	case "pass":
		s.passed++
		delete(s.running, id)
	case "skip":
		s.skipped = append(s.skipped, skippedTest{id, skipReason(s.running[id])})
		delete(s.running, id)
	case "fail":
		s.failed = append(s.failed, id)
		if !s.verbose && s.running[id] != nil {
			fmt.Fprint(s.out, s.running[id].String())
		}
		delete(s.running, id)
	}
}

// verboseOnly are package lines that -json (which runs the tests verbosely) adds and plain
// go test does not print: its "ok" line says the same.
var verboseOnly = map[string]bool{
	"PASS\n":                              true,
	"testing: warning: no tests to run\n": true,
}

// logPrefix is the file:line that t.Log and t.Skip put before a message.
var logPrefix = regexp.MustCompile(`^\S+\.go:\d+: `)

// skipReason is what a skipped test said: its output without the framing lines go test adds.
func skipReason(output *strings.Builder) string {
	if output == nil {
		return "(no reason given)"
	}
	var parts []string
	for _, line := range strings.Split(output.String(), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "=== ") || strings.HasPrefix(line, "--- SKIP") {
			continue
		}
		parts = append(parts, logPrefix.ReplaceAllString(line, ""))
	}
	if len(parts) == 0 {
		return "(no reason given)"
	}
	return strings.Join(parts, " ")
}

// cliVersionSkip is how terraform-plugin-testing's tfversion checks word a skip.
const cliVersionSkip = "Terraform CLI version"

// report prints the summary and says whether the run passed.
func (s *summary) report(title string) bool {
	tested, failedPackages := 0, 0
	for _, result := range s.packages {
		switch result {
		case "fail":
			failedPackages++
			tested++
		case "pass":
			tested++
		}
	}
	forVersion := 0
	for _, sk := range s.skipped {
		if strings.Contains(sk.reason, cliVersionSkip) {
			forVersion++
		}
	}

	fmt.Fprintf(s.out, "\n==> %s: %d passed, %d skipped (%d for the Terraform CLI version), %d failed, in %s\n",
		title, s.passed, len(s.skipped), forVersion, len(s.failed), plural(tested, "package"))
	if len(s.skipped) > 0 {
		sort.Slice(s.skipped, func(i, j int) bool { return less(s.skipped[i].testID, s.skipped[j].testID) })
		pkg := ""
		for _, sk := range s.skipped {
			if sk.pkg != pkg {
				pkg = sk.pkg
				fmt.Fprintf(s.out, "    skipped in %s:\n", pkg)
			}
			fmt.Fprintf(s.out, "      %s: %s\n", sk.test, sk.reason)
		}
	}
	if len(s.failed) > 0 {
		sort.Slice(s.failed, func(i, j int) bool { return less(s.failed[i], s.failed[j]) })
		pkg := ""
		for _, f := range s.failed {
			if f.pkg != pkg {
				pkg = f.pkg
				fmt.Fprintf(s.out, "    failed in %s:\n", pkg)
			}
			fmt.Fprintf(s.out, "      %s\n", f.test)
		}
	}
	for _, pkg := range s.builds {
		fmt.Fprintf(s.out, "    build failed: %s\n", pkg)
	}
	switch {
	case len(s.packages) == 0:
		fmt.Fprintf(s.out, "    no package reported a result: go test did not run\n")
		return false
	case len(s.failed) > 0 || failedPackages > 0 || len(s.builds) > 0:
		return false
	}
	return true
}

func less(a, b testID) bool {
	if a.pkg != b.pkg {
		return a.pkg < b.pkg
	}
	return a.test < b.test
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
