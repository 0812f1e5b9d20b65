package resources

import (
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

// What a create or an update reports once the catalog entity exists on the server.
//
// Terraform taints an object whose create returned an error after it was recorded, and refuses
// a new state that differs from the plan ("Provider produced inconsistent result after apply").
// A tainted promotion or product is replaced on the next apply — the promotion ENDED for good,
// the product deactivated (still counting toward the 30-product cap) — and a new one goes back
// into review. Neither is what a user wants because a review took longer than the timeout, a
// reviewer rejected the text, or Apps in Toss paced a status change.
//
// So once the POST (or PUT) has succeeded, everything that follows is reported as a warning,
// and the state returned holds the planned value of every configured attribute (`enabled` and
// `exposed` included, also when the start or the exposure did not happen) with the computed
// ones as the API last showed them. The next refresh reads the real values and the next plan
// converges in place. A team that wants such a run to fail says so in its configuration, with a
// postcondition on review_status.

// warnReviewOutcome reports the end of a review wait: nothing when the entity was approved (or
// is simply still in review because nobody waited), a warning quoting the reviewer when it was
// rejected, a warning saying how to wait longer when the wait timed out, and the client's error
// as a warning when a poll failed. operation is "create" or "update"; what names the entity
// (e.g. `push template "demo-app-WELCOME"`); limit is the operation's timeout.
func warnReviewOutcome(diags *diag.Diagnostics, operation, what, reviewStatus, reviewComment string, waitErr error, limit time.Duration) {
	const kept = "It stays in state as planned and is not replaced: nothing was destroyed. "
	switch {
	case errors.Is(waitErr, errReviewTimeout):
		diags.AddWarning(fmt.Sprintf("Review of the %s not decided in time", what),
			fmt.Sprintf("The %s is registered but still IN_REVIEW after %s (the %s timeout). "+kept+
				"The review continues in Apps in Toss (2–3 business days on the console) and a later plan picks up "+
				"the decision.\n\nTo wait longer, raise the limit in the resource:\n\n    timeouts {\n      %s = \"72h\"\n    }\n\n"+
				"or set `wait_for_review = false`. To make a run fail until it is approved, add a postcondition on "+
				"review_status (see the resource's documentation).", what, limit, operation, operation))
	case waitErr != nil:
		diags.AddWarning(fmt.Sprintf("Could not read the %s while waiting for its review", what),
			fmt.Sprintf("%s\n\nThe %s is registered. "+kept+"The next plan reads its review status.",
				clientErrorDetail(waitErr), what))
	case reviewStatus == client.ReviewRejected:
		diags.AddWarning(fmt.Sprintf("Review of the %s rejected", what), rejectedDetail(what, reviewComment)+
			"\n\n"+kept+"Every plan warns while it stays rejected.")
	}
}

// warnIfRejected reminds, on every refresh, that the last review rejected the entity: without
// wait_for_review nothing else would tell the user. what names the entity for the message.
func warnIfRejected(diags *diag.Diagnostics, what, reviewStatus, reviewComment string) {
	if reviewStatus != client.ReviewRejected {
		return
	}
	diags.AddWarning(fmt.Sprintf("The %s was rejected in review", what), rejectedDetail(what, reviewComment))
}

// rejectedDetail quotes the reviewer and says how to resubmit.
func rejectedDetail(what, comment string) string {
	if comment == "" {
		comment = "(the reviewer left no comment)"
	}
	return fmt.Sprintf("Apps in Toss rejected the %s. Reviewer's comment: %q\n\nIt stays registered with "+
		"review_status = \"REJECTED\". Change the configuration to address the comment and apply: the change "+
		"resubmits it for review in place.", what, comment)
}

// warnNotSettled reports a status change (start or stop a promotion, show or hide a product)
// that failed after the entity was written. summary says what failed; state says which
// configured value state records anyway and what the next plan will do about it.
func warnNotSettled(diags *diag.Diagnostics, summary string, err error, state string) {
	diags.AddWarning(summary, fmt.Sprintf("%s\n\n%s It is not replaced: nothing was destroyed.",
		clientErrorDetail(err), state))
}
