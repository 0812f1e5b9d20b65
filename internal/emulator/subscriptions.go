package emulator

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// SubscriptionWebhook is the partner's 결제 알림 URL (reference §4.5): where Toss sends
// subscription events, with an optional Basic auth value.
type SubscriptionWebhook struct {
	// URL receives the events; empty sends none.
	URL string
	// Auth is the raw value entered in the console, sent as Authorization: Basic base64(Auth).
	Auth string
}

// Subscription statuses as the SDK's getSubscriptionInfo names them (reference §4.3); the
// webhook sample leaves them as "…".
const (
	subscriptionActive      = "ACTIVE"
	subscriptionExpired     = "EXPIRED"
	subscriptionGracePeriod = "IN_GRACE_PERIOD"
	subscriptionOnHold      = "ON_HOLD"
	subscriptionPaused      = "PAUSED"
	subscriptionRevoked     = "REVOKED"
)

// changeReasons are the documented values of changeReason (reference §4.5).
var changeReasons = []string{"CREATED", "RENEWED", "RECOVERED", "RESTARTED", "ENTERED_GRACE_PERIOD", "ON_HOLD",
	"PAUSED", "AUTO_RENEW_ENABLED", "AUTO_RENEW_DISABLED", "EXTENDED", "EXPIRED", "REVOKED"}

// subscriptionState is one side (previous or current) of a subscription.status_changed event.
type subscriptionState struct {
	Status        string    `json:"status"`
	AccessGranted bool      `json:"accessGranted"`
	ExpiresAt     time.Time `json:"expiresAt"`
	AutoRenew     bool      `json:"autoRenew"`
}

// view prints expiresAt as the webhook does, without a zone (reference §4.5: "Timestamps have no
// zone"), in KST like every other zone-less time of the API.
func (s subscriptionState) view() map[string]any {
	return map[string]any{"status": s.Status, "accessGranted": s.AccessGranted,
		"expiresAt": orderTime(s.ExpiresAt), "autoRenew": s.AutoRenew}
}

// renewalPeriod is one cycle of a subscription; MONTHLY when the product is not in the catalog.
func renewalPeriod(cycle string, from time.Time) time.Time {
	switch cycle {
	case "WEEKLY":
		return from.AddDate(0, 0, 7)
	case "YEARLY":
		return from.AddDate(1, 0, 0)
	}
	return from.AddDate(0, 1, 0)
}

// nextSubscriptionState is what a change does to a subscription. The docs list the reasons but not
// their effects; these follow the names and the store semantics they come from. A subscription
// that expired or was revoked can only be RESTARTED.
func nextSubscriptionState(prev *subscriptionState, reason, cycle string, now time.Time) (subscriptionState, error) {
	if reason == "CREATED" {
		if prev != nil {
			return subscriptionState{}, conflict("the subscription exists already; CREATED is its first event (RESTARTED starts it again)")
		}
		return subscriptionState{Status: subscriptionActive, AccessGranted: true, ExpiresAt: renewalPeriod(cycle, now), AutoRenew: true}, nil
	}
	if prev == nil {
		return subscriptionState{}, conflict(fmt.Sprintf("the order has no subscription yet; send CREATED before %s", reason))
	}
	next := *prev
	if (prev.Status == subscriptionExpired || prev.Status == subscriptionRevoked) && reason != "RESTARTED" {
		return subscriptionState{}, conflict(fmt.Sprintf("the subscription is %s; only RESTARTED can follow", prev.Status))
	}
	switch reason {
	case "RENEWED":
		next = subscriptionState{Status: subscriptionActive, AccessGranted: true, ExpiresAt: renewalPeriod(cycle, later(prev.ExpiresAt, now)), AutoRenew: true}
	case "RECOVERED", "RESTARTED":
		next = subscriptionState{Status: subscriptionActive, AccessGranted: true, ExpiresAt: renewalPeriod(cycle, now), AutoRenew: true}
	case "ENTERED_GRACE_PERIOD":
		next.Status, next.AccessGranted = subscriptionGracePeriod, true
	case "ON_HOLD":
		next.Status, next.AccessGranted = subscriptionOnHold, false
	case "PAUSED":
		next.Status, next.AccessGranted = subscriptionPaused, false
	case "AUTO_RENEW_ENABLED":
		next.AutoRenew = true
	case "AUTO_RENEW_DISABLED":
		next.AutoRenew = false
	case "EXTENDED":
		next.ExpiresAt = renewalPeriod(cycle, prev.ExpiresAt)
	case "EXPIRED":
		next = subscriptionState{Status: subscriptionExpired, ExpiresAt: earlier(prev.ExpiresAt, now)}
	case "REVOKED":
		next = subscriptionState{Status: subscriptionRevoked, ExpiresAt: now}
	}
	return next, nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// subscriptionProduct finds what kind of product an order is for, and its renewal cycle: the
// order's own productType (seeded), else the app's catalog product with the order's sku.
func (e *Emulator) subscriptionProduct(o *iapOrder) (kind, cycle string) {
	for _, p := range e.st.app(o.App).IAPProducts {
		if p.SKU == o.SKU {
			kind, cycle = p.Type, p.RenewalCycle
			break
		}
	}
	if o.ProductType != "" {
		kind = o.ProductType
	}
	return kind, cycle
}

// adminSubscriptionEvent is POST /_emulator/iap-orders/{orderId}/subscription-events
// {"changeReason":"RENEWED"}: the store reports a change to the subscription an order bought.
// The emulator applies it and sends the documented subscription.status_changed event to the
// subscription webhook. Only SUBSCRIPTION products have subscriptions: other orders are 409, as
// no webhook exists for one-time purchases. REVOKED (a refund) also marks the order REFUNDED.
func (e *Emulator) adminSubscriptionEvent(c *call) (any, error) {
	var req struct {
		ChangeReason string `json:"changeReason"`
	}
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	if !slices.Contains(changeReasons, req.ChangeReason) {
		return nil, invalidParameter("changeReason", fmt.Sprintf("changeReason must be one of %v", changeReasons))
	}
	var event map[string]any
	_, err := e.withApp(c, func(*appState) (any, error) {
		o, ok := e.st.IAPOrders[c.r.PathValue("orderId")]
		if !ok || o.App != c.app {
			return nil, notFound(fmt.Sprintf("no order %q in app %s", c.r.PathValue("orderId"), c.app))
		}
		kind, cycle := e.subscriptionProduct(o)
		if kind != productSubscription {
			return nil, conflict(oneTimeOrderReason(o, kind))
		}
		next, err := nextSubscriptionState(o.Subscription, req.ChangeReason, cycle, c.now)
		if err != nil {
			return nil, err
		}
		event = statusChangedEvent(o, req.ChangeReason, next, c.now)
		o.Subscription = &next
		if req.ChangeReason == "REVOKED" {
			o.setStatus(iapRefunded, c.now)
		}
		return nil, nil
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"event": event, "webhook": e.sendSubscriptionEvent(c.r.Context(), event)}, nil
}

func oneTimeOrderReason(o *iapOrder, kind string) string {
	if kind == "" {
		return fmt.Sprintf("order %s (sku %q) is for no SUBSCRIPTION product of this app: Apps in Toss sends "+
			"subscription webhooks only for subscriptions. Create the order with productType SUBSCRIPTION, or "+
			"register a SUBSCRIPTION product with that sku in the catalog", o.OrderID, o.SKU)
	}
	return fmt.Sprintf("order %s is for a %s product: Apps in Toss sends subscription webhooks only for "+
		"SUBSCRIPTION products, and no webhook exists for one-time purchases (poll get-order-status instead)", o.OrderID, kind)
}

// statusChangedEvent is the documented subscription.status_changed body (reference §4.5); previous
// is absent for CREATED.
func statusChangedEvent(o *iapOrder, reason string, next subscriptionState, now time.Time) map[string]any {
	states := map[string]any{"current": next.view()}
	if o.Subscription != nil {
		states["previous"] = o.Subscription.view()
	}
	return map[string]any{"eventType": "subscription.status_changed", "eventVersion": "1.0",
		"occurredAt": orderTime(now), "orderId": o.OrderID, "sku": o.SKU, "changeReason": reason,
		"subscription": states}
}

func (e *Emulator) sendSubscriptionEvent(ctx context.Context, event map[string]any) Delivery {
	hook := e.cfg.SubscriptionWebhook
	return e.webhooks.send(ctx, outgoing{kind: WebhookSubscription, method: http.MethodPost, endpoint: hook.URL,
		basicAuth: hook.Auth, body: event})
}

// VerifySubscriptionWebhook sends callback.registration_verification, which Toss sends when a
// 결제 알림 URL is registered or changed and which must be answered for the URL to be used
// (reference §4.5). `appsintoss-emulator serve` sends it once at start, before it reports ready;
// POST /_emulator/subscription-webhook/verification sends it again (e.g. once the partner's
// server is up). Without a configured URL nothing is sent.
func (e *Emulator) VerifySubscriptionWebhook(ctx context.Context) Delivery {
	event := map[string]any{"eventType": "callback.registration_verification", "occurredAt": orderTime(e.cfg.Now())}
	return e.sendSubscriptionEvent(ctx, event)
}

// adminVerifySubscriptionWebhook is POST /_emulator/subscription-webhook/verification.
func (e *Emulator) adminVerifySubscriptionWebhook(c *call) (any, error) {
	return map[string]any{"webhook": e.VerifySubscriptionWebhook(c.r.Context())}, nil
}
