package emulator_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

type subscriptionSide struct {
	Status        string
	AccessGranted bool
	ExpiresAt     string
	AutoRenew     bool
}

type statusChanged struct {
	EventType    string
	EventVersion string
	OccurredAt   string
	OrderID      string
	SKU          string
	ChangeReason string
	Subscription struct {
		Previous *subscriptionSide
		Current  subscriptionSide
	}
}

// subscriptionEvent sends a change through the admin surface and returns the event the partner
// received.
func subscriptionEvent(t *testing.T, inst *emulatortest.Instance, partnerSide *partnerEndpoint, orderID, reason string) (statusChanged, []byte) {
	t.Helper()
	before := len(partnerSide.requests())
	var out struct{ Webhook delivery }
	inst.Admin(t, http.MethodPost, "iap-orders/"+orderID+"/subscription-events", map[string]any{"changeReason": reason}, &out)
	if !out.Webhook.Delivered {
		t.Fatalf("%s: not delivered: %+v", reason, out.Webhook)
	}
	got := partnerSide.requests()
	if len(got) != before+1 {
		t.Fatalf("%s: the partner got %d webhooks, want %d", reason, len(got), before+1)
	}
	var ev statusChanged
	if err := json.Unmarshal(got[len(got)-1].Body, &ev); err != nil {
		t.Fatal(err)
	}
	return ev, got[len(got)-1].Body
}

func TestSubscriptionEventsFollowTheSubscription(t *testing.T) {
	partnerSide := newPartnerEndpoint(t, subscriptionURL)
	cfg := emulator.DefaultConfig()
	cfg.SubscriptionWebhook = emulator.SubscriptionWebhook{URL: partnerSide.URL + "/iap/webhook", Auth: "iap-hook:pw"}
	inst, clock := startWithClock(t, cfg) // 2026-03-01 09:00 UTC = 18:00 KST
	userKey, _ := inst.SeedUser(t, nil)
	var order struct{ OrderID string }
	inst.Admin(t, http.MethodPost, "iap-orders", map[string]any{"userKey": userKey, "sku": "premium.monthly",
		"status": "PURCHASED", "productType": "SUBSCRIPTION"}, &order)

	created, body := subscriptionEvent(t, inst, partnerSide, order.OrderID, "CREATED")
	sameShape(t, "webhooks/subscription-status-changed.json", body, "subscription.previous")
	if created.EventType != "subscription.status_changed" || created.EventVersion != "1.0" || created.OrderID != order.OrderID ||
		created.SKU != "premium.monthly" || created.OccurredAt != "2026-03-01T18:00:00" || created.Subscription.Previous != nil ||
		created.Subscription.Current != (subscriptionSide{"ACTIVE", true, "2026-04-01T18:00:00", true}) {
		t.Errorf("CREATED: %s", body)
	}
	if auth := partnerSide.requests()[0].Auth; auth != basic("iap-hook:pw") {
		t.Errorf("Authorization %q", auth)
	}

	clock.Advance(31 * 24 * time.Hour)
	renewed, body := subscriptionEvent(t, inst, partnerSide, order.OrderID, "RENEWED")
	sameShape(t, "webhooks/subscription-status-changed.json", body)
	if renewed.Subscription.Previous == nil || *renewed.Subscription.Previous != created.Subscription.Current ||
		renewed.Subscription.Current != (subscriptionSide{"ACTIVE", true, "2026-05-01T18:00:00", true}) {
		t.Errorf("RENEWED: %s", body)
	}
	steps := []struct {
		reason string
		want   subscriptionSide
	}{
		{"AUTO_RENEW_DISABLED", subscriptionSide{"ACTIVE", true, "2026-05-01T18:00:00", false}},
		{"ENTERED_GRACE_PERIOD", subscriptionSide{"IN_GRACE_PERIOD", true, "2026-05-01T18:00:00", false}},
		{"ON_HOLD", subscriptionSide{"ON_HOLD", false, "2026-05-01T18:00:00", false}},
		{"EXPIRED", subscriptionSide{"EXPIRED", false, "2026-04-01T18:00:00", false}},
	}
	for _, step := range steps {
		ev, body := subscriptionEvent(t, inst, partnerSide, order.OrderID, step.reason)
		if ev.Subscription.Current != step.want {
			t.Errorf("%s: %s", step.reason, body)
		}
	}
	// An expired subscription can only be restarted.
	st, b := inst.Do(t, http.MethodPost, "/_emulator/iap-orders/"+order.OrderID+"/subscription-events", map[string]any{"changeReason": "RENEWED"}, nil)
	if st != http.StatusConflict || !strings.Contains(string(b), "RESTARTED") {
		t.Errorf("RENEWED after EXPIRED: %d %s", st, b)
	}
	subscriptionEvent(t, inst, partnerSide, order.OrderID, "RESTARTED")
	// A revocation is a refund: the order says so too.
	revoked, _ := subscriptionEvent(t, inst, partnerSide, order.OrderID, "REVOKED")
	if revoked.Subscription.Current.Status != "REVOKED" || revoked.Subscription.Current.AccessGranted {
		t.Errorf("REVOKED: %+v", revoked.Subscription.Current)
	}
	st, b = inst.Do(t, http.MethodPost, partner+"/order/get-order-status", map[string]any{"orderId": order.OrderID}, nil)
	var status struct{ Status string }
	success(t, st, b, &status)
	if status.Status != "REFUNDED" {
		t.Errorf("order after REVOKED: %s", b)
	}
	if counts := inst.Stats(t).Webhooks[emulator.WebhookSubscription]; counts.Delivered != int64(len(partnerSide.requests())) || counts.Failed != 0 {
		t.Errorf("stats %+v for %d webhooks", counts, len(partnerSide.requests()))
	}
}

// Apps in Toss has no webhook for one-time purchases: the emulator refuses to invent one.
func TestSubscriptionEventsOnlyForSubscriptionProducts(t *testing.T) {
	partnerSide := newPartnerEndpoint(t, subscriptionURL)
	cfg := emulator.DefaultConfig()
	cfg.SubscriptionWebhook = emulator.SubscriptionWebhook{URL: partnerSide.URL}
	inst, _ := startWithClock(t, cfg)
	userKey, _ := inst.SeedUser(t, nil)

	consumable := inst.CreateIAPOrder(t, userKey, "ait.gems", "PURCHASED")
	var typed struct{ OrderID string }
	inst.Admin(t, http.MethodPost, "iap-orders", map[string]any{"userKey": userKey, "sku": "ait.pass", "productType": "NON_CONSUMABLE"}, &typed)
	for orderID, want := range map[string]string{consumable: "no SUBSCRIPTION product", typed.OrderID: "NON_CONSUMABLE product"} {
		st, b := inst.Do(t, http.MethodPost, "/_emulator/iap-orders/"+orderID+"/subscription-events", map[string]any{"changeReason": "CREATED"}, nil)
		if st != http.StatusConflict || !strings.Contains(string(b), want) || !strings.Contains(string(b), "SUBSCRIPTION") {
			t.Errorf("order %s: %d %s", orderID, st, b)
		}
	}
	if got := partnerSide.requests(); len(got) != 1 { // the registration verification at start, nothing else
		t.Errorf("the partner got %d webhooks, want 1", len(got))
	}

	// An order whose sku is a SUBSCRIPTION product of the catalog needs no productType, and renews by
	// the product's cycle.
	st, b := inst.Do(t, http.MethodPost, catalog+"/iap-products", map[string]any{"type": "SUBSCRIPTION", "name": "연간 이용권",
		"description": "1년 동안 모든 수업을 들을 수 있어요.", "price": 99000,
		"iconImgUrl": "https://cdn.example.com/yearly.png", "renewalCycle": "YEARLY"}, idem("yearly"))
	var product struct{ SKU string }
	success(t, st, b, &product)
	if product.SKU == "" {
		t.Fatalf("the product has no sku after approval: %s", b)
	}
	yearly := inst.CreateIAPOrder(t, userKey, product.SKU, "PURCHASED")
	ev, body := subscriptionEvent(t, inst, partnerSide, yearly, "CREATED")
	if ev.Subscription.Current.ExpiresAt != "2027-03-01T18:00:00" {
		t.Errorf("a YEARLY product's subscription: %s", body)
	}
	// Changes need a subscription to change.
	fresh := inst.CreateIAPOrder(t, userKey, product.SKU, "PURCHASED")
	if st, b := inst.Do(t, http.MethodPost, "/_emulator/iap-orders/"+fresh+"/subscription-events", map[string]any{"changeReason": "RENEWED"}, nil); st != http.StatusConflict {
		t.Errorf("RENEWED before CREATED: %d %s", st, b)
	}
}

// callback.registration_verification goes out when the emulator starts with a URL, and again on
// request.
func TestRegistrationVerificationAtStartAndOnRequest(t *testing.T) {
	partnerSide := newPartnerEndpoint(t, subscriptionURL)
	cfg := emulator.DefaultConfig()
	cfg.SubscriptionWebhook = emulator.SubscriptionWebhook{URL: partnerSide.URL + "/iap", Auth: "hook"}
	inst, _ := startWithClock(t, cfg)

	got := partnerSide.requests()
	if len(got) != 1 {
		t.Fatalf("at start the partner got %d requests, want 1", len(got))
	}
	sameShape(t, "webhooks/callback-registration-verification.json", got[0].Body)
	if !strings.Contains(string(got[0].Body), `"occurredAt":"2026-03-01T18:00:00"`) || got[0].Auth != basic("hook") {
		t.Errorf("verification %s, Authorization %q", got[0].Body, got[0].Auth)
	}
	var out struct{ Webhook delivery }
	inst.Admin(t, http.MethodPost, "subscription-webhook/verification", nil, &out)
	if !out.Webhook.Delivered || len(partnerSide.requests()) != 2 {
		t.Errorf("on request: %+v, %d requests", out.Webhook, len(partnerSide.requests()))
	}
}

func TestWebhookSettingsAreChecked(t *testing.T) {
	dir := t.TempDir()
	if err := emulator.WriteCerts(dir, ""); err != nil {
		t.Fatal(err)
	}
	for name, cfg := range map[string]emulator.Config{
		"unlink URL without a scheme":  {UnlinkCallback: emulator.UnlinkCallback{URL: "partner.example/unlink"}},
		"unlink method PUT":            {UnlinkCallback: emulator.UnlinkCallback{URL: "https://partner.example/unlink", Method: http.MethodPut}},
		"subscription URL not http(s)": {SubscriptionWebhook: emulator.SubscriptionWebhook{URL: "ftp://partner.example/iap"}},
	} {
		if _, err := emulator.New(cfg, dir); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
