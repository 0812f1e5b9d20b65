package resources_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/acctest"
)

// TestAccCatalogWarnings_quoteTheReviewerAtApplyAndInEveryPlan reads what a user is told after
// a rejection at create. terraform-plugin-testing does not show warnings, so the provider's own
// log is searched instead: at TRACE the protocol server writes every diagnostic it returns. It
// sets process environment variables, so it does not run in parallel with other tests.
func TestAccCatalogWarnings_quoteTheReviewerAtApplyAndInEveryPlan(t *testing.T) {
	providerLogs := acctest.CaptureTraceLogs(t)
	inst := catalogEmulator(t, acctest.ReviewManual)
	const comment = "광고성 문구는 기능성 메시지로 보낼 수 없어요"
	decideWhenSubmitted(t, inst, "push-templates", "templateSetCode", "REJECTED", comment)

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: eventTemplate(inst, "이벤트", "  wait_for_review = true")}},
	})

	entries := diagnosticEntries(providerLogs())
	for _, want := range []struct{ rpc, summary, detail string }{
		// the apply that waited for the review
		{"ApplyResourceChange", `Review of the push template \"demo-app-EVENT\" rejected`, "Reviewer's comment: \"" + comment + "\""},
		{"ApplyResourceChange", `Review of the push template \"demo-app-EVENT\" rejected`, "It stays in state as planned and is not replaced"},
		// every plan after it (here the test's own post-apply plan, which refreshes)
		{"ReadResource", `The push template \"demo-app-EVENT\" was rejected in review`, "Reviewer's comment: \"" + comment + "\""},
		{"ReadResource", `The push template \"demo-app-EVENT\" was rejected in review`, "resubmits it for review in place"},
	} {
		if !hasDiagnostic(entries["WARNING"], want.rpc, want.summary, want.detail) {
			t.Errorf("no %s warning %s with %q in its detail; warnings:\n%s", want.rpc, want.summary, want.detail,
				strings.Join(entries["WARNING"], "\n"))
		}
	}
	if len(entries["ERROR"]) > 0 {
		t.Errorf("the provider returned errors:\n%s", strings.Join(entries["ERROR"], "\n"))
	}
}

// diagnosticEntries are the provider log's entries for the diagnostics it returned, by
// severity ("WARNING", "ERROR"). An entry spans several lines when its detail does.
func diagnosticEntries(log string) map[string][]string {
	found := map[string][]string{}
	for _, entry := range logEntryStart.Split(log, -1) {
		if m := diagnosticSeverity.FindStringSubmatch(entry); m != nil {
			found[m[1]] = append(found[m[1]], entry)
		}
	}
	return found
}

var (
	logEntryStart      = regexp.MustCompile(`(?m)^\d{4}-\d{2}-\d{2}T[0-9:.]+Z `)
	diagnosticSeverity = regexp.MustCompile(`(?s)Response contains (?:warning|error) diagnostic:.*diagnostic_severity=(WARNING|ERROR)`)
)

// hasDiagnostic reports whether one entry answers rpc with this summary (as the log quotes it)
// and a detail that contains detail.
func hasDiagnostic(entries []string, rpc, summary, detail string) bool {
	for _, e := range entries {
		if strings.Contains(e, "tf_rpc="+rpc) && strings.Contains(e, `diagnostic_summary="`+summary+`"`) &&
			strings.Contains(e, detail) {
			return true
		}
	}
	return false
}
