package client

import (
	"context"
	"net/http"
)

// Promotions (토스 포인트 campaigns): reference §6.1. The server assigns promotionCode (a
// 26-character ULID); services grant points with it, or with TEST_<promotionCode> during review.
// The console cannot delete a promotion: DELETE ends it (status ENDED, terminal, still listed).

const promotionsCollection = "/promotions"

// Promotion states (reference §6.1; design "The catalog contract").
const (
	PromotionReady   = "READY"   // approved or not, never started
	PromotionRunning = "RUNNING" // granting; only an APPROVED promotion can go RUNNING
	PromotionStopped = "STOPPED" // paused; can run again
	PromotionEnded   = "ENDED"   // terminal: ended by DELETE or by an exhausted budget
)

// Grant types.
const (
	GrantFixed     = "FIXED"      // every grant is Amount
	GrantRandomMax = "RANDOM_MAX" // a random amount up to Amount
)

// Promotion is a promotion as the catalog returns it.
type Promotion struct {
	PromotionCode          string `json:"promotionCode"`
	Name                   string `json:"name"`
	MissionName            string `json:"missionName"`
	BenefitTabExposed      bool   `json:"benefitTabExposed"`
	LandingURL             string `json:"landingUrl,omitempty"`
	TotalBudget            int64  `json:"totalBudget"`
	MaxAmountPerUserPerDay int64  `json:"maxAmountPerUserPerDay"`
	GrantType              string `json:"grantType"`
	Amount                 int64  `json:"amount"`
	Status                 string `json:"status"`
	ReviewStatus           string `json:"reviewStatus"`
	ReviewComment          string `json:"reviewComment,omitempty"`
	BudgetUsed             int64  `json:"budgetUsed"`
}

// TestPromotionCode is the code that grants test points (no budget, no real points) while the
// promotion is in review: TEST_<promotionCode> (reference §6.1).
func TestPromotionCode(promotionCode string) string { return "TEST_" + promotionCode }

// PromotionInput is the writable part of a promotion: the body of create and update. An update
// replaces every field; BenefitTabExposed cannot change after creation (the server answers 400
// INVALID_PARAMETER for a different value), so updates send the stored value.
type PromotionInput struct {
	Name                   string `json:"name"`
	MissionName            string `json:"missionName"`
	BenefitTabExposed      bool   `json:"benefitTabExposed"`
	LandingURL             string `json:"landingUrl,omitempty"`
	TotalBudget            int64  `json:"totalBudget"`
	MaxAmountPerUserPerDay int64  `json:"maxAmountPerUserPerDay"`
	GrantType              string `json:"grantType"`
	Amount                 int64  `json:"amount"`
}

// CreatePromotion registers a promotion: status READY, review IN_REVIEW.
func (c *Client) CreatePromotion(ctx context.Context, in PromotionInput) (*Promotion, error) {
	var out Promotion
	if err := catalogWrite(ctx, c, http.MethodPost, catalogPrefix+promotionsCollection, in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetPromotion reads one promotion. An ENDED promotion is still returned; a code the app does
// not have is an error for which IsNotFound is true.
func (c *Client) GetPromotion(ctx context.Context, promotionCode string) (*Promotion, error) {
	var out Promotion
	if err := catalogRead(ctx, c, promotionsCollection, promotionCode, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdatePromotion replaces the writable fields; the promotion goes back into IN_REVIEW. An ENDED
// promotion cannot change (CodeConflict).
func (c *Client) UpdatePromotion(ctx context.Context, promotionCode string, in PromotionInput) (*Promotion, error) {
	var out Promotion
	if err := catalogItemWrite(ctx, c, http.MethodPut, promotionsCollection, promotionCode, "", in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// EndPromotion ends a promotion for good (DELETE: status ENDED, terminal, still listed) and
// returns it as ended.
func (c *Client) EndPromotion(ctx context.Context, promotionCode string) (*Promotion, error) {
	var out Promotion
	if err := catalogItemWrite(ctx, c, http.MethodDelete, promotionsCollection, promotionCode, "", nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeletePromotion is EndPromotion for callers that only need the outcome: the console cannot
// delete promotions, so "delete" means ENDED.
func (c *Client) DeletePromotion(ctx context.Context, promotionCode string) error {
	_, err := c.EndPromotion(ctx, promotionCode)
	return err
}

// SetPromotionStatus starts (PromotionRunning) or stops (PromotionStopped) a promotion. A
// transition the current state does not allow (not APPROVED, or ENDED) is CodeConflict.
func (c *Client) SetPromotionStatus(ctx context.Context, promotionCode, status string) (*Promotion, error) {
	var out Promotion
	body := struct {
		Status string `json:"status"`
	}{status}
	if err := catalogItemWrite(ctx, c, http.MethodPost, promotionsCollection, promotionCode, "/status", body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListPromotions reads every promotion of the mini-app (ENDED ones included), all pages.
func (c *Client) ListPromotions(ctx context.Context) ([]Promotion, error) {
	return listAll[Promotion](ctx, c, promotionsCollection)
}
