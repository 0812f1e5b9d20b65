package emulator_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

func TestReviewDelayApprovesOnTheClock(t *testing.T) {
	inst, clock := startWithClock(t, emulator.Config{ReviewDelay: 2 * time.Hour})
	status, body := inst.Do(t, http.MethodPost, catalog+"/iap-products", consumableBody(), idem("p"))
	var p productView
	success(t, status, body, &p)
	if p.ReviewStatus != "IN_REVIEW" {
		t.Fatalf("created: %+v", p)
	}
	get := func() productView {
		st, b := inst.GetRaw(t, catalog+"/iap-products/"+p.ProductID)
		var out productView
		success(t, st, b, &out)
		return out
	}
	clock.Advance(2*time.Hour - time.Second)
	if got := get(); got.ReviewStatus != "IN_REVIEW" || got.CatalogStatus != "NOT_REGISTERED_YET" {
		t.Fatalf("before the delay: %+v", got)
	}
	clock.Advance(time.Second)
	if got := get(); got.ReviewStatus != "APPROVED" || got.CatalogStatus != "ACTIVE" {
		t.Fatalf("after the delay: %+v", got)
	}
}

func TestDefaultConfigApprovesAtOnce(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	status, body := inst.Do(t, http.MethodPost, catalog+"/promotions", promotionBody(100, 10, 10), idem("p"))
	var p promotionView
	success(t, status, body, &p)
	if p.ReviewStatus != "APPROVED" {
		t.Errorf("review-delay 0 approves at once: %+v", p)
	}
}

func TestManualReviewWaitsForTheAdmin(t *testing.T) {
	inst, clock := startWithClock(t, emulator.Config{ReviewMode: emulator.ReviewManual})
	status, body := inst.Do(t, http.MethodPost, catalog+"/promotions", promotionBody(100, 10, 10), idem("p"))
	var p promotionView
	success(t, status, body, &p)
	clock.Advance(30 * 24 * time.Hour)
	if got := promotionOf(t, inst, p.PromotionCode); got.ReviewStatus != "IN_REVIEW" {
		t.Fatalf("manual review decided by itself: %+v", got)
	}
	inst.DecideReview(t, "promotions", p.PromotionCode, "REJECTED", "예산을 확인해 주세요")
	got := promotionOf(t, inst, p.PromotionCode)
	if got.ReviewStatus != "REJECTED" || got.ReviewComment != "예산을 확인해 주세요" {
		t.Errorf("after rejection: %+v", got)
	}
	// Unknown entities and kinds are refused.
	st, b := inst.Do(t, http.MethodPost, "/_emulator/reviews/promotions/NOPE", map[string]any{"status": "APPROVED"}, nil)
	if st != http.StatusNotFound {
		t.Errorf("unknown promotion: %d %s", st, b)
	}
}
