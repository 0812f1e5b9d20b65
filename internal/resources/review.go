package resources

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

// Reviews. Every catalog entity (push template, promotion, IAP product) enters IN_REVIEW when it
// is created or changed, and the console decides later (2–3 business days on the real service).
// A resource with wait_for_review = true waits for the decision inside create and update, bounded
// by the `timeouts` block; these helpers are shared by the three catalog resources.

// defaultReviewTimeout bounds create and update (including a review wait) when the `timeouts`
// block does not say otherwise.
const defaultReviewTimeout = 20 * time.Minute

// defaultReviewTimeoutText is defaultReviewTimeout as the docs write it.
const defaultReviewTimeoutText = "20 minutes"

// Polling starts fast (the emulator decides in milliseconds) and backs off to a pace that suits
// reviews measured in days.
const (
	reviewPollFirst = 100 * time.Millisecond
	reviewPollMax   = 15 * time.Second
)

// errReviewTimeout means the wait ended (the create or update timeout) with the entity still
// IN_REVIEW.
var errReviewTimeout = errors.New("review still pending when the timeout expired")

// waitForReview polls get until reviewStatus (read by status) is no longer IN_REVIEW. It
// returns the last entity it read — also when the wait times out (errReviewTimeout), so the
// caller can still record it in state — or the API error that stopped it.
func waitForReview[T any](ctx context.Context, last *T, get func(context.Context) (*T, error), status func(*T) string) (*T, error) {
	wait := reviewPollFirst
	for status(last) == client.ReviewInReview {
		select {
		case <-ctx.Done():
			return last, errReviewTimeout
		case <-time.After(wait):
		}
		wait = min(wait*2, reviewPollMax)
		tflog.Debug(ctx, "waiting for the review", map[string]any{"next_poll_ms": wait.Milliseconds()})
		next, err := get(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return last, errReviewTimeout
			}
			return last, err
		}
		last = next
	}
	return last, nil
}

// reviewWaitSchema is the wait_for_review attribute, the same on every catalog resource.
func reviewWaitSchema(kind string) schema.BoolAttribute {
	return schema.BoolAttribute{
		Optional: true,
		Computed: true,
		Default:  booldefault.StaticBool(false),
		MarkdownDescription: fmt.Sprintf("Whether create and update wait until Apps in Toss has reviewed the %s. "+
			"A `REJECTED` review is then an error that quotes the reviewer's comment, and a review that outlasts the "+
			"`timeouts` block (default %s) is an error; in both cases the %s stays registered and in state. Defaults "+
			"to `false`: apply returns at once with `review_status = \"IN_REVIEW\"` and later plans pick up the decision. "+
			"Changing only this attribute makes no API call.", kind, defaultReviewTimeoutText, kind),
	}
}

// reviewTimeoutsBlock is the `timeouts` block (create, update) of the catalog resources.
func reviewTimeoutsBlock(ctx context.Context) schema.Block {
	block := timeouts.Block(ctx, timeouts.Opts{
		Create: true,
		Update: true,
		CreateDescription: fmt.Sprintf("How long create may take, including the wait for the review when "+
			"`wait_for_review = true`; a duration such as `\"30m\"` or `\"72h\"`. Default %s.", defaultReviewTimeoutText),
		UpdateDescription: fmt.Sprintf("How long update may take, including the wait for the review when "+
			"`wait_for_review = true`; a duration such as `\"30m\"` or `\"72h\"`. Default %s.", defaultReviewTimeoutText),
	})
	if b, ok := block.(schema.SingleNestedBlock); ok {
		b.MarkdownDescription = "Time limits for create and update. They matter mostly with `wait_for_review = true`: " +
			"console reviews take 2–3 business days."
		return b
	}
	return block
}

// addReviewOutcome turns the end of a review wait into diagnostics: nothing when the entity was
// approved, an error quoting the comment when it was rejected, and an error saying how to raise
// the limit when the wait timed out. operation is "create" or "update"; what names the entity
// for the message (e.g. `push template "demo-app-WELCOME"`).
func addReviewOutcome(diags *diag.Diagnostics, operation, what, reviewStatus, reviewComment string, waitErr error, limit time.Duration) {
	switch {
	case errors.Is(waitErr, errReviewTimeout):
		diags.AddError(fmt.Sprintf("Review of the %s not decided in time", what),
			fmt.Sprintf("The %s is registered but still IN_REVIEW after %s (the %s timeout). It stays in state; "+
				"the review continues in Apps in Toss (2–3 business days on the console).\n\n"+
				"To wait longer, raise the limit in the resource:\n\n    timeouts {\n      %s = \"72h\"\n    }\n\n"+
				"or set `wait_for_review = false` and let a later plan pick up the decision.",
				what, limit, operation, operation))
	case waitErr != nil:
		addClientError(diags, fmt.Sprintf("Could not read the %s while waiting for its review", what), waitErr, nil)
	case reviewStatus == client.ReviewRejected:
		comment := reviewComment
		if comment == "" {
			comment = "(the reviewer left no comment)"
		}
		diags.AddError(fmt.Sprintf("Review of the %s rejected", what),
			fmt.Sprintf("Apps in Toss rejected the %s. Reviewer's comment: %q\n\n"+
				"It stays registered and in state with review_status = \"REJECTED\". Change the configuration to "+
				"address the comment and apply again to resubmit it for review.", what, comment))
	}
}

// warnIfRejected reminds, on every refresh, that the last review rejected the entity: without
// wait_for_review nothing else would tell the user. what names the entity for the message.
func warnIfRejected(diags *diag.Diagnostics, what, reviewStatus, reviewComment string) {
	if reviewStatus != client.ReviewRejected {
		return
	}
	comment := reviewComment
	if comment == "" {
		comment = "(the reviewer left no comment)"
	}
	diags.AddWarning(fmt.Sprintf("The %s was rejected in review", what),
		fmt.Sprintf("Apps in Toss rejected the %s. Reviewer's comment: %q\n\nChange the configuration to address "+
			"the comment and apply to resubmit it for review.", what, comment))
}
