package console

import (
	"context"
	"errors"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

// Promotions through the console. The console's promotion carries no reviewer's comment:
// promotion_review_comment reads it, only for REJECTED promotions (the only ones that have one
// worth showing), and the comment is kept with the snapshot.

const kindPromotion = "promotion"

func promotionCodeOf(p client.Promotion) string { return p.PromotionCode }

// fetchPromotions lists every promotion, with the comments of the rejected ones.
func (c *Catalog) fetchPromotions(ctx context.Context) ([]client.Promotion, error) {
	items, err := listAll[client.Promotion](ctx, c, toolPromotionList)
	if err != nil {
		return nil, err
	}
	for i := range items {
		if err := c.addReviewComment(ctx, &items[i]); err != nil {
			return nil, err
		}
	}
	return items, nil
}

// addReviewComment reads the reviewer's comment of a REJECTED promotion that came without one.
func (c *Catalog) addReviewComment(ctx context.Context, p *client.Promotion) error {
	if p.ReviewStatus != client.ReviewRejected || p.ReviewComment != "" {
		return nil
	}
	var comment struct {
		ReviewComment string `json:"reviewComment"`
	}
	if err := c.callInto(ctx, toolPromotionReviewComment, callValues{id: p.PromotionCode}, &comment); err != nil {
		return err
	}
	p.ReviewComment = comment.ReviewComment
	return nil
}

// ListPromotions returns every promotion of the mini-app, ENDED ones included.
func (c *Catalog) ListPromotions(ctx context.Context) ([]client.Promotion, error) {
	var (
		items []client.Promotion
		err   error
	)
	if client.WantsFreshReads(ctx) {
		items, err = c.promotions.refresh(ctx, c.fetchPromotions)
	} else {
		items, err = c.promotions.get(ctx, c.fetchPromotions)
	}
	if err != nil {
		return nil, err
	}
	return copyList(items), nil
}

// GetPromotion reads a promotion from the snapshot, or with promotion_get when the context asks
// for fresh reads. A missing one is an error for which NotFound() is true.
func (c *Catalog) GetPromotion(ctx context.Context, promotionCode string) (*client.Promotion, error) {
	if !client.WantsFreshReads(ctx) {
		items, err := c.promotions.get(ctx, c.fetchPromotions)
		if err != nil {
			return nil, err
		}
		return find(items, promotionCode, promotionCodeOf, kindPromotion, toolPromotionList)
	}
	var out client.Promotion
	if err := c.callInto(ctx, toolPromotionGet, callValues{id: promotionCode}, &out); err != nil {
		return nil, err
	}
	if err := c.addReviewComment(ctx, &out); err != nil {
		return nil, err
	}
	c.promotions.replace(out, func(p client.Promotion) bool { return p.PromotionCode == promotionCode })
	return &out, nil
}

// CreatePromotion registers a promotion. A create whose answer was lost is never sent again: it
// is looked for among the promotions that did not exist before (reconcile.go).
func (c *Catalog) CreatePromotion(ctx context.Context, in client.PromotionInput) (*client.Promotion, error) {
	values, err := inputValues(in)
	if err != nil {
		return nil, err
	}
	if err := c.knownPromotions.load(ctx, c.promotionCodes); err != nil {
		return nil, err
	}
	defer c.promotions.invalidate()
	var out client.Promotion
	err = c.callInto(ctx, toolPromotionCreate, values, &out)
	var lost *LostAnswerError
	if errors.As(err, &lost) {
		return c.reconcilePromotion(ctx, in, lost)
	}
	if err != nil {
		return nil, err
	}
	c.knownPromotions.add(out.PromotionCode)
	c.completePromotion(ctx, &out)
	return &out, nil
}

// promotionCodes lists the codes of every promotion (from the snapshot when there is one).
func (c *Catalog) promotionCodes(ctx context.Context) ([]string, error) {
	items, err := c.promotions.get(ctx, c.fetchPromotions)
	if err != nil {
		return nil, err
	}
	codes := make([]string, len(items))
	for i, p := range items {
		codes[i] = p.PromotionCode
	}
	return codes, nil
}

// UpdatePromotion replaces the writable fields (promotion_modify).
func (c *Catalog) UpdatePromotion(ctx context.Context, promotionCode string, in client.PromotionInput) (*client.Promotion, error) {
	values, err := inputValues(in)
	if err != nil {
		return nil, err
	}
	values.id = promotionCode
	return c.promotionMutation(ctx, toolPromotionModify, values)
}

// EndPromotion ends a promotion for good: no tool deletes one.
func (c *Catalog) EndPromotion(ctx context.Context, promotionCode string) (*client.Promotion, error) {
	return c.SetPromotionStatus(ctx, promotionCode, client.PromotionEnded)
}

// SetPromotionStatus starts, stops or ends a promotion (promotion_change_status).
func (c *Catalog) SetPromotionStatus(ctx context.Context, promotionCode, status string) (*client.Promotion, error) {
	return c.promotionMutation(ctx, toolPromotionChangeStatus,
		callValues{id: promotionCode, call: map[string]any{"status": status}})
}

func (c *Catalog) promotionMutation(ctx context.Context, tool string, values callValues) (*client.Promotion, error) {
	defer c.promotions.invalidate()
	var out client.Promotion
	if err := c.mutation(ctx, tool, values, &out); err != nil {
		return nil, err
	}
	c.completePromotion(ctx, &out)
	return &out, nil
}

// completePromotion adds the reviewer's comment to a promotion a change returned. The change is
// done whatever happens here, so a failed comment read is not its failure: the comment is
// display-only and the next read fills it in.
func (c *Catalog) completePromotion(ctx context.Context, p *client.Promotion) {
	_ = c.addReviewComment(ctx, p)
}
