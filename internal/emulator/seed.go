package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"
)

// Seed is the --seed file: users, payments and IAP orders to preload (see testdata/seed.json).
// Entries name their app, default the app of client.pem. A seed is applied only to a fresh
// emulator, never on top of state loaded from --state.
type Seed struct {
	Users     []UserSpec     `json:"users"`
	Payments  []PaymentSpec  `json:"payments"`
	IAPOrders []IAPOrderSpec `json:"iapOrders"`
}

// PaymentSpec is a Toss Pay payment as make-payment would create it, plus the status to put it
// in (default PAY_STANDBY) and the method it was paid with (TOSS_MONEY or CARD).
type PaymentSpec struct {
	App              string `json:"app,omitempty"`
	UserKey          int64  `json:"userKey"`
	OrderNo          string `json:"orderNo"`
	ProductDesc      string `json:"productDesc"`
	Amount           int64  `json:"amount"`
	AmountTaxFree    int64  `json:"amountTaxFree"`
	IsTestPayment    bool   `json:"isTestPayment"`
	EnablePayMethods string `json:"enablePayMethods,omitempty"`
	PayMethod        string `json:"payMethod,omitempty"`
	Status           string `json:"status,omitempty"`
}

// IAPOrderSpec is an in-app purchase order; OrderID defaults to a fresh UUID v7 and Status to
// PURCHASED. ProductType (CONSUMABLE, NON_CONSUMABLE or SUBSCRIPTION) says what was bought when
// the sku is not a product of the app's catalog; only SUBSCRIPTION orders get subscription events.
type IAPOrderSpec struct {
	App         string `json:"app,omitempty"`
	OrderID     string `json:"orderId,omitempty"`
	UserKey     int64  `json:"userKey"`
	SKU         string `json:"sku"`
	Status      string `json:"status,omitempty"`
	ProductType string `json:"productType,omitempty"`
}

// LoadSeed reads a seed file after checking it against api/seed.schema.json; a problem is
// reported at the JSON path of the offending value.
func LoadSeed(path string) (*Seed, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if err := validateSeed(data); err != nil {
		return nil, fmt.Errorf("seed %s %w", path, err)
	}
	var s Seed
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("seed %s: %w", path, err)
	}
	return &s, nil
}

func (e *Emulator) applySeed(s *Seed) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.cfg.Now()
	appOr := func(app string) string {
		if app == "" {
			return e.certs.DefaultApp
		}
		return app
	}
	for i, spec := range s.Users {
		if _, _, err := e.createUser(e.st.app(appOr(spec.App)), spec, now); err != nil {
			return seedProblem("users", i, err)
		}
	}
	for i, spec := range s.Payments {
		if _, err := e.addPaymentSpec(e.st.app(appOr(spec.App)), spec, now); err != nil {
			return seedProblem("payments", i, err)
		}
	}
	for i, spec := range s.IAPOrders {
		if _, err := e.addIAPOrder(appOr(spec.App), spec, now); err != nil {
			return seedProblem("iapOrders", i, err)
		}
	}
	return nil
}

// seedProblem names the entry, and the field when the check names one, as a JSON path like the
// schema's errors: "/payments/0/userKey: no user 5 in this app; …".
func seedProblem(list string, i int, err error) error {
	at := fmt.Sprintf("/%s/%d", list, i)
	var ae *apiError
	if !errors.As(err, &ae) {
		return fmt.Errorf("%s: %w", at, err)
	}
	if field, ok := ae.Data["field"].(string); ok && field != "" {
		at += "/" + field
	}
	return fmt.Errorf("%s: %s", at, ae.Reason)
}

// addPaymentSpec creates a payment as make-payment does, then moves it to the wanted status with
// the transactions that status implies. Call with e.mu held.
func (e *Emulator) addPaymentSpec(a *appState, spec PaymentSpec, now time.Time) (*payment, error) {
	if _, ok := a.Users[spec.UserKey]; !ok {
		return nil, invalidParameter("userKey", fmt.Sprintf("no user %d in this app; create the user first", spec.UserKey))
	}
	req := makePaymentRequest{OrderNo: &spec.OrderNo, ProductDesc: &spec.ProductDesc, Amount: &spec.Amount,
		AmountTaxFree: &spec.AmountTaxFree, IsTestPayment: &spec.IsTestPayment}
	if spec.EnablePayMethods != "" {
		req.EnablePayMethods = &spec.EnablePayMethods
	}
	p, err := req.toPayment(spec.UserKey, now)
	if err != nil {
		return nil, err
	}
	if spec.PayMethod != "" && spec.PayMethod != payMethodTossMoney && spec.PayMethod != payMethodCard {
		return nil, invalidParameter("payMethod", "payMethod must be TOSS_MONEY or CARD")
	}
	p.PayMethod = spec.PayMethod
	if err := p.forceStatus(spec.Status, now); err != nil {
		return nil, err
	}
	if err := a.addPayment(p); err != nil {
		return nil, err
	}
	return p, nil
}

// forceStatus puts a new payment in a status, recording the PAY and REFUND transactions a real
// payment would have on its way there.
func (p *payment) forceStatus(status string, now time.Time) error {
	switch status {
	case "", payStandby:
	case payApproved, payCancel:
		p.Status = status
	case payProgress, payComplete, settlementComplete:
		p.complete(now)
		p.Status = status
	case refundProgress, refundSuccess, settlementRefundComplete:
		p.complete(now)
		p.refund(now)
		p.Status = status
	default:
		return invalidParameter("status", fmt.Sprintf("status %q is not a Toss Pay status (one of %v)", status, payStatuses))
	}
	return nil
}

// addIAPOrder stores an order of app. Call with e.mu held.
func (e *Emulator) addIAPOrder(app string, spec IAPOrderSpec, now time.Time) (*iapOrder, error) {
	if spec.UserKey <= 0 || spec.UserKey >= 1<<53 {
		return nil, invalidParameter("userKey", "userKey must be a positive integer below 2^53")
	}
	if spec.SKU == "" {
		return nil, invalidParameter("sku", "sku is required")
	}
	status := spec.Status
	if status == "" {
		status = iapPurchased
	}
	if !slices.Contains(storableIAPStatuses, status) {
		return nil, invalidParameter("status", fmt.Sprintf("status must be one of %v", storableIAPStatuses))
	}
	if spec.ProductType != "" && !slices.Contains(productTypes, spec.ProductType) {
		return nil, invalidParameter("productType", fmt.Sprintf("productType must be one of %v", productTypes))
	}
	id := spec.OrderID
	if id == "" {
		id = newUUIDv7()
	}
	if _, exists := e.st.IAPOrders[id]; exists {
		return nil, conflict(fmt.Sprintf("order %s already exists", id))
	}
	o := &iapOrder{OrderID: id, App: app, UserKey: spec.UserKey, SKU: spec.SKU, ProductType: spec.ProductType}
	o.setStatus(status, now)
	e.st.IAPOrders[id] = o
	return o, nil
}
