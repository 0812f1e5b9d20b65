package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A real `go test -json` run of a small module, so the test follows whatever the installed go
// command writes: a pass, a skip for the CLI version as tfversion.SkipBelow words it, a plain
// skip, a failure with its log, a failing subtest, and a package that does not build.
func TestSummaryOfARealGoTestRun(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/sample\n\ngo 1.22\n",
		"good/good_test.go": `package good

import "testing"

func TestPasses(t *testing.T) { t.Log("passing output stays hidden") }

func TestNeedsNewerTerraform(t *testing.T) {
	t.Skip("Terraform CLI version 1.8.5 is below minimum version 1.10.0: skipping test")
}

func TestSkipsPlainly(t *testing.T) { t.Skip("needs a seeded user") }
`,
		"bad/bad_test.go": `package bad

import "testing"

func TestFails(t *testing.T) { t.Error("the emulator said 503") }

func TestParent(t *testing.T) {
	t.Run("ok", func(t *testing.T) {})
	t.Run("broken", func(t *testing.T) { t.Fatal("subtest broke") })
}
`,
		"nobuild/nobuild_test.go": "package nobuild\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) { undefined() }\n",
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "test", "-json", "-count=1", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local")
	var stream bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stream, &stream
	if err := cmd.Run(); err == nil {
		t.Fatal("go test passed a module with failing tests")
	}

	var out bytes.Buffer
	s := newSummary(&out, false)
	if err := s.read(&stream); err != nil {
		t.Fatal(err)
	}
	if s.report("Sample") {
		t.Error("report says the run passed")
	}
	got := out.String()
	for _, want := range []string{
		"==> Sample: 2 passed, 2 skipped (1 for the Terraform CLI version), 3 failed, in 3 packages",
		"    skipped in example.com/sample/good:\n" +
			"      TestNeedsNewerTerraform: Terraform CLI version 1.8.5 is below minimum version 1.10.0: skipping test\n" +
			"      TestSkipsPlainly: needs a seeded user\n",
		"    failed in example.com/sample/bad:\n      TestFails\n      TestParent\n      TestParent/broken\n",
		"build failed: example.com/sample/nobuild",
		"the emulator said 503", // a failed test's output is printed
		"subtest broke",
		"undefined: undefined", // the compiler's message
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "passing output stays hidden") {
		t.Errorf("a passing test's output was printed:\n%s", got)
	}
}

func TestSummaryOfAPassingRunPasses(t *testing.T) {
	stream := `{"Action":"start","Package":"p"}
{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"output","Package":"p","Test":"TestA","Output":"--- PASS: TestA (0.00s)\n"}
{"Action":"pass","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Output":"PASS\n"}
{"Action":"output","Package":"p","Output":"ok  \tp\t0.01s\n"}
{"Action":"pass","Package":"p"}
{"Action":"start","Package":"q"}
{"Action":"output","Package":"q","Output":"testing: warning: no tests to run\n"}
{"Action":"output","Package":"q","Output":"PASS\n"}
{"Action":"output","Package":"q","Output":"ok  \tq\t0.01s [no tests to run]\n"}
{"Action":"pass","Package":"q"}
{"Action":"output","Package":"r","Output":"?   \tr\t[no test files]\n"}
{"Action":"skip","Package":"r"}
`
	var out bytes.Buffer
	s := newSummary(&out, false)
	if err := s.read(strings.NewReader("go: downloading example.com/x v1.0.0\n" + stream)); err != nil {
		t.Fatal(err)
	}
	if !s.report("Unit") {
		t.Errorf("report says a passing run failed:\n%s", out.String())
	}
	want := "go: downloading example.com/x v1.0.0\nok  \tp\t0.01s\nok  \tq\t0.01s [no tests to run]\n?   \tr\t[no test files]\n" +
		"\n==> Unit: 1 passed, 0 skipped (0 for the Terraform CLI version), 0 failed, in 2 packages\n"
	if out.String() != want {
		t.Errorf("output\n%q\nwant\n%q", out.String(), want)
	}
}

func TestSummaryOfNothingFails(t *testing.T) {
	var out bytes.Buffer
	s := newSummary(&out, false)
	if err := s.read(strings.NewReader("go: cannot find main module\n")); err != nil {
		t.Fatal(err)
	}
	if s.report("Acceptance tests") {
		t.Error("a run in which no package reported passed")
	}
	if !strings.Contains(out.String(), "go: cannot find main module") {
		t.Errorf("the go command's message was not passed on:\n%s", out.String())
	}
}

func TestVerbosePrintsEveryLine(t *testing.T) {
	stream := `{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestA","Output":"    a_test.go:3: progress\n"}
{"Action":"pass","Package":"p","Test":"TestA"}
{"Action":"pass","Package":"p"}
`
	var out bytes.Buffer
	s := newSummary(&out, true)
	if err := s.read(strings.NewReader(stream)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "a_test.go:3: progress") {
		t.Errorf("-v hid a passing test's output:\n%s", out.String())
	}
}

func TestATestThatNeverEndedIsReported(t *testing.T) {
	stream := `{"Action":"run","Package":"p","Test":"TestHangs"}
{"Action":"output","Package":"p","Test":"TestHangs","Output":"    hang_test.go:9: waiting for the review\n"}
{"Action":"output","Package":"p","Output":"panic: test timed out after 45m0s\n"}
{"Action":"output","Package":"p","Output":"FAIL\tp\t2700.1s\n"}
{"Action":"fail","Package":"p"}
`
	var out bytes.Buffer
	s := newSummary(&out, false)
	if err := s.read(strings.NewReader(stream)); err != nil {
		t.Fatal(err)
	}
	if s.report("Acceptance tests") {
		t.Error("a timed-out run passed")
	}
	for _, want := range []string{"waiting for the review", "--- DID NOT FINISH: TestHangs", "0 passed, 0 skipped (0 for the Terraform CLI version), 1 failed",
		"      TestHangs (did not finish)\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
