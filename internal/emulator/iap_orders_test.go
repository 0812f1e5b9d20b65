package emulator_test

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

var uuidV7 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestGetOrderStatusReportsEachStatus(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	userKey, _ := inst.SeedUser(t, nil)
	const sku = "ait.0000010000.af647449.3bd55cfd00.0000000475"

	cases := []struct {
		status, golden string
		withSKU        bool
	}{
		{"PURCHASED", "order-get-order-status-purchased.json", true},
		{"PAYMENT_COMPLETED", "order-get-order-status-payment-completed.json", true},
		{"REFUNDED", "order-get-order-status-refunded.json", true},
		{"FAILED", "", true},
		{"ORDER_IN_PROGRESS", "", true},
		{"ERROR", "", false},
	}
	for _, tc := range cases {
		orderID := inst.CreateIAPOrder(t, userKey, sku, tc.status)
		if !uuidV7.MatchString(orderID) {
			t.Errorf("orderId %q is not a UUID v7", orderID)
		}
		status, body := inst.Do(t, http.MethodPost, partner+"/order/get-order-status", map[string]any{"orderId": orderID}, nil)
		var out map[string]any
		success(t, status, body, &out)
		if tc.golden != "" {
			sameShape(t, tc.golden, body)
		}
		if out["status"] != tc.status || out["reason"] == "" {
			t.Errorf("%s: got %v", tc.status, out)
		}
		if _, has := out["sku"]; has != tc.withSKU {
			t.Errorf("%s: sku present = %v, want %v", tc.status, has, tc.withSKU)
		}
	}
}

func TestGetOrderStatusNotFoundAndMismatch(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	userKey, _ := inst.SeedUser(t, nil)
	otherUser, _ := inst.SeedUser(t, nil)
	orderID := inst.CreateIAPOrder(t, userKey, "sku-1", "PURCHASED")

	status, body := inst.Do(t, http.MethodPost, partner+"/order/get-order-status",
		map[string]any{"orderId": "019a0000-0000-7000-8000-000000000000"}, nil)
	success(t, status, body, nil)
	sameShape(t, "order-get-order-status-not-found.json", body)

	// Another app's order (the certificate names the app): MINIAPP_MISMATCH, no sku.
	status, body = inst.DoAs(t, inst.OtherAppCertFile, inst.OtherAppKeyFile, http.MethodPost,
		partner+"/order/get-order-status", map[string]any{"orderId": orderID}, nil)
	var mismatch map[string]any
	success(t, status, body, &mismatch)
	sameShape(t, "order-get-order-status-miniapp-mismatch.json", body)
	if want := goldenString(t, "order-get-order-status-miniapp-mismatch.json", "success", "reason"); mismatch["reason"] != want {
		t.Errorf("MINIAPP_MISMATCH reason %q, want the golden sample's %q", mismatch["reason"], want)
	}

	// With x-toss-user-key, another user's order of the same app is not found.
	status, body = inst.Do(t, http.MethodPost, partner+"/order/get-order-status",
		map[string]any{"orderId": orderID}, userHeader(otherUser))
	var out map[string]any
	success(t, status, body, &out)
	if out["status"] != "NOT_FOUND" {
		t.Errorf("another user's order: %v", out)
	}
	status, body = inst.Do(t, http.MethodPost, partner+"/order/get-order-status",
		map[string]any{"orderId": orderID}, userHeader(userKey))
	success(t, status, body, &out)
	if out["status"] != "PURCHASED" {
		t.Errorf("own order with user header: %v", out)
	}
}

func TestIAPOrderStatusMovesWithTheAdminSurface(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	userKey, _ := inst.SeedUser(t, nil)
	orderID := inst.CreateIAPOrder(t, userKey, "sku-2", "PAYMENT_COMPLETED")
	inst.SetIAPOrderStatus(t, orderID, "REFUNDED")
	status, body := inst.Do(t, http.MethodPost, partner+"/order/get-order-status", map[string]any{"orderId": orderID}, nil)
	var out map[string]any
	success(t, status, body, &out)
	if out["status"] != "REFUNDED" || out["statusDeterminedAt"] == nil {
		t.Errorf("after refund: %v", out)
	}
}
