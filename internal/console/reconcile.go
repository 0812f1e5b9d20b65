package console

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

// Reconciling a create whose answer was lost. The create is never sent again (it could make a
// second object); instead a fresh list says what happened:
//   - push templates have a unique code: the one with our code is ours if its content is ours;
//   - promotions and products get ids from the server, so ours is looked for by content among the
//     objects that did not exist before the create (knownIDs). Exactly one → adopted; none or
//     several → *client.OutcomeUnknownError listing the candidates, for a human to decide.

// knownIDs is the set of ids of one type known to exist before a create: loaded once with a list
// before the first create, then grown by every create that was answered (and every adoption).
type knownIDs struct {
	mu     sync.Mutex
	loaded bool
	ids    map[string]bool
}

// load fills the set once. It must run before the create is sent, or the create's own object
// could be taken for one that existed before.
func (k *knownIDs) load(ctx context.Context, list func(context.Context) ([]string, error)) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.loaded {
		return nil
	}
	ids, err := list(ctx)
	if err != nil {
		return err
	}
	k.ids = make(map[string]bool, len(ids))
	for _, id := range ids {
		k.ids[id] = true
	}
	k.loaded = true
	return nil
}

func (k *knownIDs) add(id string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.ids == nil {
		k.ids = map[string]bool{}
	}
	k.ids[id] = true
}

func (k *knownIDs) has(id string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.ids[id]
}

// reconcileError is what a reconciliation found, wrapping the lost answer.
type reconcileError struct {
	finding string
	lost    *LostAnswerError
}

func (e *reconcileError) Error() string {
	return fmt.Sprintf("%v; a fresh list was read instead of sending the create again: %s", e.lost.Err, e.finding)
}

func (e *reconcileError) Unwrap() error { return e.lost }

func unreconciled(lost *LostAnswerError, format string, a ...any) error {
	return outcomeUnknown(lost, &reconcileError{finding: fmt.Sprintf(format, a...), lost: lost})
}

func (c *Catalog) reconcileTemplate(ctx context.Context, in client.PushTemplateInput, lost *LostAnswerError) (*client.PushTemplate, error) {
	items, err := c.templates.refresh(ctx, c.fetchTemplates)
	if err != nil {
		return nil, unreconciled(lost, "reading it failed too (%v); check the console for a template with code %s", err, in.Code)
	}
	for _, t := range items {
		if t.Code != in.Code {
			continue
		}
		if templateMatches(t, in) {
			found := t
			return &found, nil
		}
		return nil, unreconciled(lost, "a template with code %s exists (templateSetCode %s, name %q) but its content "+
			"differs from this create's, so it was not adopted; candidates: %s", in.Code, t.TemplateSetCode, t.Name,
			t.TemplateSetCode)
	}
	return nil, unreconciled(lost, "no template with code %s is listed, so the create was probably not applied "+
		"(candidates: none); check the console before applying again", in.Code)
}

func templateMatches(t client.PushTemplate, in client.PushTemplateInput) bool {
	return t.Name == in.Name && t.Title == in.Title && t.Body == in.Body && t.LandingURL == in.LandingURL &&
		t.AgreementRequired == in.AgreementRequired
}

func (c *Catalog) reconcilePromotion(ctx context.Context, in client.PromotionInput, lost *LostAnswerError) (*client.Promotion, error) {
	items, err := c.promotions.refresh(ctx, c.fetchPromotions)
	if err != nil {
		return nil, unreconciled(lost, "reading it failed too (%v); check the console for a promotion named %q", err, in.Name)
	}
	return adoptNew(lost, kindPromotion, items, &c.knownPromotions,
		func(p client.Promotion) string { return p.PromotionCode },
		func(p client.Promotion) bool { return promotionMatches(p, in) },
		func(p client.Promotion) string {
			return fmt.Sprintf("promotionCode %s (name %q, status %s)", p.PromotionCode, p.Name, p.Status)
		})
}

func promotionMatches(p client.Promotion, in client.PromotionInput) bool {
	return p.Name == in.Name && p.MissionName == in.MissionName && p.BenefitTabExposed == in.BenefitTabExposed &&
		p.LandingURL == in.LandingURL && p.TotalBudget == in.TotalBudget &&
		p.MaxAmountPerUserPerDay == in.MaxAmountPerUserPerDay && p.GrantType == in.GrantType && p.Amount == in.Amount
}

func (c *Catalog) reconcileProduct(ctx context.Context, in client.IAPProductInput, lost *LostAnswerError) (*client.IAPProduct, error) {
	items, err := c.products.refresh(ctx, c.fetchProducts)
	if err != nil {
		return nil, unreconciled(lost, "reading it failed too (%v); check the console for a product named %q", err, in.Name)
	}
	return adoptNew(lost, kindIAPProduct, items, &c.knownProducts,
		func(p client.IAPProduct) string { return p.ProductID },
		func(p client.IAPProduct) bool { return productMatches(p, in) },
		func(p client.IAPProduct) string {
			return fmt.Sprintf("productId %s (name %q, type %s)", p.ProductID, p.Name, p.Type)
		})
}

// adoptNew finds the object a lost create made: among the listed objects that were not known
// before the create, the one whose content matches what was sent. Exactly one is adopted (and
// becomes known); none or several leave the outcome unknown, with every candidate and every other
// new object named, so that a person can decide.
func adoptNew[T any](lost *LostAnswerError, kind string, items []T, known *knownIDs,
	id func(T) string, matches func(T) bool, describe func(T) string) (*T, error) {
	var candidates, others []string
	var adopted *T
	for _, item := range items {
		if known.has(id(item)) {
			continue
		}
		if !matches(item) {
			others = append(others, describe(item))
			continue
		}
		candidates = append(candidates, describe(item))
		found := item
		adopted = &found
	}
	if len(candidates) == 1 {
		known.add(id(*adopted))
		return adopted, nil
	}
	return nil, unreconciled(lost, "%s", ambiguity(kind, candidates, others))
}

// productMatches compares what a create sets. postInspectionStatus is compared only when the
// console shows it (its read model may leave it out), with the contract's default for ours.
func productMatches(p client.IAPProduct, in client.IAPProductInput) bool {
	wanted := in.PostInspectionStatus
	if wanted == "" {
		wanted = client.CatalogActive
	}
	return p.Type == in.Type && p.Name == in.Name && p.Description == in.Description && p.Price == in.Price &&
		p.IconImgURL == in.IconImgURL && p.MinDeploymentID == in.MinDeploymentID &&
		p.RenewalCycle == in.RenewalCycle && samePolicies(p.DiscountPolicies, in.DiscountPolicies) &&
		(p.PostInspectionStatus == "" || p.PostInspectionStatus == wanted)
}

func samePolicies(a, b []client.DiscountPolicy) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

// ambiguity says why no object was adopted, listing the candidates (and the new objects whose
// content differs, which a human may still recognise).
func ambiguity(kind string, candidates, others []string) string {
	var b strings.Builder
	if len(candidates) == 0 {
		fmt.Fprintf(&b, "no new %s matches this create's content, so it was probably not applied (candidates: none)", kind)
	} else {
		fmt.Fprintf(&b, "%d new %ss match this create's content, so none was adopted (candidates: %s)", len(candidates),
			kind, strings.Join(candidates, "; "))
	}
	if len(others) > 0 {
		fmt.Fprintf(&b, "; new with other content: %s", strings.Join(others, "; "))
	}
	b.WriteString(". Check the console: import the right one, or end the extras, before applying again")
	return b.String()
}
