package emulator

import (
	"fmt"
	"time"
)

// Review statuses of every catalog entity (design.md "States").
const (
	reviewInReview = "IN_REVIEW"
	reviewApproved = "APPROVED"
	reviewRejected = "REJECTED"
)

// review is the console's 검수 of one entity. A new or changed entity is submitted (IN_REVIEW);
// the decision comes ReviewDelay later in ReviewApprove mode, or from the admin surface.
type review struct {
	Status      string    `json:"reviewStatus"`
	Comment     string    `json:"reviewComment,omitempty"`
	SubmittedAt time.Time `json:"submittedAt"`
	// EverApproved marks that the first approval happened (an IAP product registers then).
	EverApproved bool `json:"everApproved,omitempty"`
}

func (rv *review) submit(now time.Time) {
	rv.Status, rv.Comment, rv.SubmittedAt = reviewInReview, "", now
}

// decide records a decision; onFirstApproval runs once, on the entity's first APPROVED.
func (rv *review) decide(status, comment string, onFirstApproval func()) {
	rv.Status, rv.Comment = status, comment
	if status == reviewApproved && !rv.EverApproved {
		rv.EverApproved = true
		if onFirstApproval != nil {
			onFirstApproval()
		}
	}
}

// settle approves an entity whose review delay has passed, in ReviewApprove mode.
func (e *Emulator) settle(rv *review, now time.Time, onFirstApproval func()) {
	if e.cfg.ReviewMode != ReviewApprove || rv.Status != reviewInReview {
		return
	}
	if !now.Before(rv.SubmittedAt.Add(e.cfg.ReviewDelay)) {
		rv.decide(reviewApproved, "", onFirstApproval)
	}
}

// settleReviews takes every decision of an app that fell due. Decisions are lazy: no timer runs,
// and a test that moves the clock sees the approval on its next call.
func (e *Emulator) settleReviews(a *appState, now time.Time) {
	for _, t := range a.PushTemplates {
		e.settle(&t.Review, now, nil)
	}
	for _, p := range a.Promotions {
		e.settle(&p.Review, now, nil)
	}
	for _, p := range a.IAPProducts {
		e.settle(&p.Review, now, p.register)
	}
}

// Catalog kinds as they appear in admin paths.
const (
	kindPushTemplates = "push-templates"
	kindPromotions    = "promotions"
	kindIAPProducts   = "iap-products"
)

// adminDecideReview is POST /_emulator/reviews/{kind}/{id} {"status","comment"}: the console's
// reviewer. It may overrule an earlier decision; the answer is the entity as the API shows it.
func (e *Emulator) adminDecideReview(c *call) (any, error) {
	var req struct {
		Status  string `json:"status"`
		Comment string `json:"comment"`
	}
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	if req.Status != reviewApproved && req.Status != reviewRejected {
		return nil, invalidParameter("status", "status must be APPROVED or REJECTED")
	}
	kind, id := c.r.PathValue("kind"), c.r.PathValue("id")
	return e.withApp(c, func(a *appState) (any, error) {
		switch kind {
		case kindPushTemplates:
			if t, ok := a.PushTemplates[id]; ok {
				t.Review.decide(req.Status, req.Comment, nil)
				return t.view(), nil
			}
		case kindPromotions:
			if p, ok := a.Promotions[id]; ok {
				p.Review.decide(req.Status, req.Comment, nil)
				return p.view(), nil
			}
		case kindIAPProducts:
			if p, ok := a.IAPProducts[id]; ok {
				p.Review.decide(req.Status, req.Comment, p.register)
				return p.view(), nil
			}
		default:
			return nil, invalidParameter("kind", "kind must be push-templates, promotions or iap-products")
		}
		return nil, notFound(fmt.Sprintf("no %s %q in app %s", kind, id, c.app))
	})
}
