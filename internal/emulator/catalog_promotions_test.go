package emulator_test

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

var ulid = regexp.MustCompile(`^[0-7][0-9A-HJKMNP-TV-Z]{25}$`)

func TestPromotionCatalogLifecycle(t *testing.T) {
	inst := start(t, emulator.Config{ReviewMode: emulator.ReviewManual})
	status, body := inst.Do(t, http.MethodPost, catalog+"/promotions", promotionBody(1000000, 100, 10), idem("c"))
	var p promotionView
	success(t, status, body, &p)
	sameShape(t, "catalog-promotions-create-success.json", body)
	if !ulid.MatchString(p.PromotionCode) || p.Status != "READY" || p.ReviewStatus != "IN_REVIEW" {
		t.Fatalf("created: %+v", p)
	}
	path := catalog + "/promotions/" + p.PromotionCode
	setStatus := func(s, key string) (int, []byte) {
		return inst.Do(t, http.MethodPost, path+"/status", map[string]any{"status": s}, idem(key))
	}

	// Not approved yet: cannot start.
	status, body = setStatus("RUNNING", "s1")
	failure(t, status, body, http.StatusConflict, "CONFLICT")
	sameShape(t, "catalog-promotions-status-conflict.json", body)
	// Not started: cannot stop.
	inst.DecideReview(t, "promotions", p.PromotionCode, "APPROVED", "")
	status, body = setStatus("STOPPED", "s2")
	failure(t, status, body, http.StatusConflict, "CONFLICT")

	status, body = setStatus("RUNNING", "s3")
	success(t, status, body, &p)
	sameShape(t, "catalog-promotions-get-running.json", body)
	status, body = setStatus("STOPPED", "s4")
	success(t, status, body, &p)
	sameShape(t, "catalog-promotions-status-stopped.json", body)

	// benefitTabExposed cannot change; other fields can, and the promotion goes back to review.
	update := promotionBody(2000000, 100, 10)
	update["benefitTabExposed"] = true
	status, body = inst.Do(t, http.MethodPut, path, update, idem("u1"))
	invalidField(t, status, body, "benefitTabExposed")
	update["benefitTabExposed"] = false
	update["name"] = "새 이름"
	status, body = inst.Do(t, http.MethodPut, path, update, idem("u2"))
	success(t, status, body, &p)
	if p.ReviewStatus != "IN_REVIEW" || p.TotalBudget != 2000000 || p.Status != "STOPPED" {
		t.Errorf("after PUT: %+v", p)
	}

	// DELETE ends it; it stays readable and listed; ENDED is terminal.
	status, body = inst.Do(t, http.MethodDelete, path, nil, idem("d1"))
	success(t, status, body, &p)
	sameShape(t, "catalog-promotions-delete-ended.json", body, "success.reviewComment")
	if p.Status != "ENDED" {
		t.Errorf("after DELETE: %+v", p)
	}
	inst.DecideReview(t, "promotions", p.PromotionCode, "APPROVED", "")
	status, body = setStatus("RUNNING", "s5")
	failure(t, status, body, http.StatusConflict, "CONFLICT")
	status, body = inst.Do(t, http.MethodPut, path, update, idem("u3"))
	failure(t, status, body, http.StatusConflict, "CONFLICT")
	var page struct{ Contents []promotionView }
	status, body = inst.GetRaw(t, catalog+"/promotions")
	success(t, status, body, &page)
	if len(page.Contents) != 1 || page.Contents[0].Status != "ENDED" {
		t.Errorf("an ENDED promotion is still listed: %+v", page)
	}
}

func TestPromotionValidation(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	cases := []struct {
		field string
		edit  func(map[string]any)
	}{
		{"missionName", func(b map[string]any) { b["missionName"] = "출석체크" }},
		{"landingUrl", func(b map[string]any) { b["landingUrl"] = "https://toss.im" }},
		{"totalBudget", func(b map[string]any) { b["totalBudget"] = 0 }},
		{"maxAmountPerUserPerDay", func(b map[string]any) { b["maxAmountPerUserPerDay"] = 5001 }},
		{"grantType", func(b map[string]any) { b["grantType"] = "ALL" }},
		{"amount", func(b map[string]any) { b["amount"] = 101 }},
		{"amount", func(b map[string]any) { b["totalBudget"] = 5; b["amount"] = 10 }},
		{"name", func(b map[string]any) { delete(b, "name") }},
	}
	for i, tc := range cases {
		b := promotionBody(1000, 100, 10)
		tc.edit(b)
		resp, err := inst.RawDo(t, http.MethodPost, catalog+"/promotions", b, idem("v"+string(rune('a'+i))))
		if err != nil {
			t.Fatal(err)
		}
		invalidField(t, resp.Status, resp.Body, tc.field)
	}
	// landingUrl is optional, and omitted when absent.
	b := promotionBody(1000, 100, 10)
	delete(b, "landingUrl")
	status, body := inst.Do(t, http.MethodPost, catalog+"/promotions", b, idem("no-url"))
	var out map[string]any
	success(t, status, body, &out)
	if _, has := out["landingUrl"]; has {
		t.Errorf("absent landingUrl must be omitted: %s", body)
	}
}
