package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
)

// The admin surface under /_emulator/ stands in for what the real service does outside the
// partner API: users logging in, buyers paying, the store deciding orders, reviewers deciding,
// the network failing. Calls act on the app of the client certificate. Answers are plain JSON.

func (e *Emulator) adminHealth(c *call) (any, error) {
	return map[string]any{"status": "ok", "app": c.app}, nil
}

// adminCreateUser is POST /_emulator/users: a user of the calling app, and the authorization code
// appLogin() would hand the mini-app.
func (e *Emulator) adminCreateUser(c *call) (any, error) {
	var spec UserSpec
	if err := decodeOptionalBody(c.body, &spec); err != nil {
		return nil, err
	}
	return e.withApp(c, func(a *appState) (any, error) {
		u, code, err := e.createUser(a, spec, c.now)
		if err != nil {
			return nil, err
		}
		return map[string]any{"userKey": u.UserKey, "authorizationCode": code.Code, "referrer": code.Referrer,
			"anonKey": u.AnonKey, "scopes": u.Scopes}, nil
	})
}

// adminNewAuthorizationCode is POST /_emulator/users/{userKey}/authorization-codes: the user
// opens the mini-app again and appLogin() returns a fresh code.
func (e *Emulator) adminNewAuthorizationCode(c *call) (any, error) {
	var req struct {
		Referrer string `json:"referrer"`
	}
	if err := decodeOptionalBody(c.body, &req); err != nil {
		return nil, err
	}
	referrer, ok := normalizeReferrer(req.Referrer)
	if !ok {
		return nil, invalidParameter("referrer", "referrer must be DEFAULT or SANDBOX")
	}
	key, err := strconv.ParseInt(c.r.PathValue("userKey"), 10, 64)
	if err != nil {
		return nil, invalidParameter("userKey", "userKey must be an integer")
	}
	return e.withApp(c, func(a *appState) (any, error) {
		if _, ok := a.Users[key]; !ok {
			return nil, notFound(fmt.Sprintf("no user %d in app %s", key, c.app))
		}
		code := a.newAuthCode(key, referrer, c.now)
		return map[string]any{"userKey": key, "authorizationCode": code.Code, "referrer": code.Referrer}, nil
	})
}

// adminCreatePayment is POST /_emulator/payments: a payment as make-payment creates it, for
// seeding (status may be given).
func (e *Emulator) adminCreatePayment(c *call) (any, error) {
	var spec PaymentSpec
	if err := decodeBody(c.body, &spec); err != nil {
		return nil, err
	}
	return e.withApp(c, func(a *appState) (any, error) {
		p, err := e.addPaymentSpec(a, spec, c.now)
		if err != nil {
			return nil, err
		}
		return paymentSummary(p), nil
	})
}

// adminApprovePayment is POST /_emulator/payments/{orderNo}/approve: the buyer authenticates in
// checkoutPayment(), and the payment goes PAY_STANDBY → PAY_APPROVED. Body (optional):
// {"payMethod":"CARD"|"TOSS_MONEY"}.
func (e *Emulator) adminApprovePayment(c *call) (any, error) {
	var req struct {
		PayMethod string `json:"payMethod"`
	}
	if err := decodeOptionalBody(c.body, &req); err != nil {
		return nil, err
	}
	if req.PayMethod != "" && req.PayMethod != payMethodTossMoney && req.PayMethod != payMethodCard {
		return nil, invalidParameter("payMethod", "payMethod must be TOSS_MONEY or CARD")
	}
	return e.withApp(c, func(a *appState) (any, error) {
		p, ok := a.Payments[c.r.PathValue("orderNo")]
		if !ok {
			return nil, notFound(fmt.Sprintf("no payment %q in app %s", c.r.PathValue("orderNo"), c.app))
		}
		if p.Status != payStandby && p.Status != payApproved {
			return nil, conflict(fmt.Sprintf("only a PAY_STANDBY payment can be approved; it is %s", p.Status))
		}
		p.Status = payApproved
		if req.PayMethod != "" {
			p.PayMethod = req.PayMethod
		}
		return paymentSummary(p), nil
	})
}

func paymentSummary(p *payment) map[string]any {
	return map[string]any{"orderNo": p.OrderNo, "payToken": p.PayToken, "payStatus": p.Status,
		"userKey": p.UserKey, "isTestPayment": p.Test}
}

// adminCreateIAPOrder is POST /_emulator/iap-orders {"userKey":n,"sku":"…","status":"…"}.
func (e *Emulator) adminCreateIAPOrder(c *call) (any, error) {
	var spec IAPOrderSpec
	if err := decodeBody(c.body, &spec); err != nil {
		return nil, err
	}
	return e.withApp(c, func(*appState) (any, error) {
		o, err := e.addIAPOrder(c.app, spec, c.now)
		if err != nil {
			return nil, err
		}
		return iapOrderSummary(o), nil
	})
}

// adminSetIAPOrderStatus is POST /_emulator/iap-orders/{orderId}/status {"status":"…"}: the store
// or the grant moves the order on (e.g. PAYMENT_COMPLETED → PURCHASED, → REFUNDED).
func (e *Emulator) adminSetIAPOrderStatus(c *call) (any, error) {
	var req struct {
		Status string `json:"status"`
	}
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	if !slices.Contains(storableIAPStatuses, req.Status) {
		return nil, invalidParameter("status", fmt.Sprintf("status must be one of %v", storableIAPStatuses))
	}
	return e.withApp(c, func(*appState) (any, error) {
		o, ok := e.st.IAPOrders[c.r.PathValue("orderId")]
		if !ok || o.App != c.app {
			return nil, notFound(fmt.Sprintf("no order %q in app %s", c.r.PathValue("orderId"), c.app))
		}
		o.setStatus(req.Status, c.now)
		return iapOrderSummary(o), nil
	})
}

func iapOrderSummary(o *iapOrder) map[string]any {
	return map[string]any{"orderId": o.OrderID, "userKey": o.UserKey, "sku": o.SKU, "status": o.Status}
}

// adminDeleteOutOfBand is DELETE /_emulator/catalog/{kind}/{id}: the entity disappears as if
// someone removed it in the console, whatever DELETE means for its kind. Drift tests use it.
func (e *Emulator) adminDeleteOutOfBand(c *call) (any, error) {
	kind, id := c.r.PathValue("kind"), c.r.PathValue("id")
	return e.withApp(c, func(a *appState) (any, error) {
		var found bool
		switch kind {
		case kindPushTemplates:
			_, found = a.PushTemplates[id]
			delete(a.PushTemplates, id)
		case kindPromotions:
			_, found = a.Promotions[id]
			delete(a.Promotions, id)
		case kindIAPProducts:
			_, found = a.IAPProducts[id]
			delete(a.IAPProducts, id)
		default:
			return nil, invalidParameter("kind", "kind must be push-templates, promotions or iap-products")
		}
		if !found {
			return nil, notFound(fmt.Sprintf("no %s %q in app %s", kind, id, c.app))
		}
		return map[string]any{"deleted": id, "kind": kind}, nil
	})
}

// adminSetFaults is POST /_emulator/faults: from now on each partner and catalog request rolls
// against the spec. Faults are global to the emulator, not per app.
func (e *Emulator) adminSetFaults(c *call) (any, error) {
	var spec FaultSpec
	if err := decodeBody(c.body, &spec); err != nil {
		return nil, err
	}
	if err := spec.validate(e.apiRoutes); err != nil {
		return nil, err
	}
	e.faults.set(&spec)
	return spec, nil
}

func (e *Emulator) adminClearFaults(*call) (any, error) {
	e.faults.set(nil)
	return map[string]any{"cleared": true}, nil
}

func (e *Emulator) adminGetFaults(*call) (any, error) {
	if spec := e.faults.current(); spec != nil {
		return spec, nil
	}
	return map[string]any{"rate": 0, "kinds": []string{}}, nil
}

func (e *Emulator) adminStats(*call) (any, error) { return e.stats.snapshot(), nil }

// adminSecrets is GET /_emulator/apps/{app}/secrets: the login decryption key and AAD the console
// would e-mail. Served only here, never logged.
func (e *Emulator) adminSecrets(c *call) (any, error) {
	app := c.r.PathValue("app")
	if app == "" {
		return nil, &apiError{HTTPStatus: http.StatusBadRequest, Code: codeInvalidParameter, Reason: "app is required"}
	}
	s := e.loginSecret(app)
	return map[string]any{"app": app, "decryptionKey": s.DecryptionKey, "aad": s.AAD}, nil
}
