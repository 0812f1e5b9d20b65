package resources

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
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
// caller can still record it in state — or the API error that stopped it. Every poll asks the
// server (client.WithFreshReads): a road that serves reads from a list snapshot would otherwise
// show the same IN_REVIEW for ever.
func waitForReview[T any](ctx context.Context, last *T, get func(context.Context) (*T, error), status func(*T) string) (*T, error) {
	ctx = client.WithFreshReads(ctx)
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
		MarkdownDescription: fmt.Sprintf("Whether create and update wait until Apps in Toss has reviewed the %[1]s, "+
			"within the `timeouts` block (default %[2]s). Defaults to `false`: apply returns at once with "+
			"`review_status = \"IN_REVIEW\"` and later plans pick up the decision. A rejection, or a review that "+
			"outlasts the timeout, is a **warning**, not an error: the %[1]s is registered, so it stays in state as "+
			"planned, is never replaced for it, and the next plans converge in place (every plan warns while it "+
			"stays `REJECTED`). To make a run fail instead, give the resource a `lifecycle` `postcondition` "+
			"on `self.review_status == \"APPROVED\"` (see the example). Changing only this attribute makes no API call.",
			kind, defaultReviewTimeoutText),
	}
}

// Destroying a catalog entity is one call (delete, end or deactivate), but the client waits out
// the API's pacing answers (429) within the operation's deadline: defaultDeleteTimeout bounds it
// when the `timeouts` block does not.
const (
	defaultDeleteTimeout     = 5 * time.Minute
	defaultDeleteTimeoutText = "5 minutes"
)

// catalogTimeoutsBlock is the `timeouts` block (create, update, delete) of the catalog
// resources. destroyed says what destroy does to the entity, for the delete description.
func catalogTimeoutsBlock(ctx context.Context, destroyed string) schema.Block {
	block := timeouts.Block(ctx, timeouts.Opts{
		Create: true,
		Update: true,
		Delete: true,
		CreateDescription: fmt.Sprintf("How long create may take, including the wait for the review when "+
			"`wait_for_review = true`; a duration such as `\"30m\"` or `\"72h\"`. Default %s.", defaultReviewTimeoutText),
		UpdateDescription: fmt.Sprintf("How long update may take, including the wait for the review when "+
			"`wait_for_review = true`; a duration such as `\"30m\"` or `\"72h\"`. Default %s.", defaultReviewTimeoutText),
		DeleteDescription: fmt.Sprintf("How long destroy (which %s) may take, including waits when Apps in Toss "+
			"asks the provider to slow down; a duration such as `\"10m\"`. Default %s.", destroyed, defaultDeleteTimeoutText),
	})
	if b, ok := block.(schema.SingleNestedBlock); ok {
		b.MarkdownDescription = "Time limits for create, update and destroy. Create and update matter mostly with " +
			"`wait_for_review = true`: console reviews take 2–3 business days."
		return b
	}
	return block
}
