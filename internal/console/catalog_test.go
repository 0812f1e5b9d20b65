package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

func assertCounts(t *testing.T, g *fakeGateway, want map[string]int) {
	t.Helper()
	if got := g.count(); !reflect.DeepEqual(got, want) {
		t.Fatalf("tool calls: %s\nwant:       %s", describeCounts(got), describeCounts(want))
	}
}

// TestRefreshReadsListsOnly is the budget: a plan over 30 templates, a promotion and a
// product costs at most 12 tool calls, configure-time calls included. Every read after the
// first of its type comes from the snapshot.
func TestRefreshReadsListsOnly(t *testing.T) {
	ctx := t.Context()
	doc := loadToolsDoc(t)
	g := newFakeGateway(t, doc)
	for i := range 30 {
		g.seedTemplate(fmt.Sprintf("T%02d", i), "body")
	}
	g.seedPromotion("01PROMO0001", client.ReviewApproved, nil)
	g.seedProduct(17, "Gems")

	tools := doc.checked(t)
	id, warnings, err := ResolveIdentity(ctx, g, tools, IdentityConfig{CertificateCN: "demo-app"})
	if err != nil || len(warnings) != 0 {
		t.Fatalf("identity: %v %v", err, warnings)
	}
	c := NewCatalog(g, tools, id)
	for i := range 30 {
		tpl, err := c.GetPushTemplate(ctx, fmt.Sprintf("demo-app-T%02d", i))
		if err != nil {
			t.Fatal(err)
		}
		if tpl.Code != fmt.Sprintf("T%02d", i) || tpl.ReviewStatus != client.ReviewApproved {
			t.Fatalf("template %d: %+v", i, tpl)
		}
	}
	if p, err := c.GetPromotion(ctx, "01PROMO0001"); err != nil || p.Status != client.PromotionReady {
		t.Fatalf("promotion: %+v %v", p, err)
	}
	if p, err := c.GetIAPProduct(ctx, "17"); err != nil || p.Name != "Gems" || p.ReviewStatus != client.ReviewApproved {
		t.Fatalf("product: %+v %v", p, err)
	}
	assertCounts(t, g, map[string]int{"workspace_list": 1, "miniapp_list": 1, "push_template_list": 1,
		"promotion_list": 1, "iap_product_list": 1})
	if g.total() > 12 {
		t.Fatalf("%d tool calls, the budget is 12", g.total())
	}
}

// TestListsReadEveryPage: a tool whose schema caps the page size gets that size, and every page
// is read.
func TestListsReadEveryPage(t *testing.T) {
	doc := loadToolsDoc(t)
	doc.inputProperties("push_template_list")["size"].(map[string]any)["maximum"] = 20
	g := newFakeGateway(t, doc)
	for i := range 45 {
		g.seedTemplate(fmt.Sprintf("T%02d", i), "body")
	}
	c := NewCatalog(g, doc.checked(t), testIdentity)
	all, err := c.ListPushTemplates(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 45 || all[44].Code != "T44" {
		t.Fatalf("%d templates", len(all))
	}
	assertCounts(t, g, map[string]int{"push_template_list": 3})
}

// TestListWithoutPagingRefusesToReadPart: a gateway that pages but takes no page argument cannot
// be read whole, and says so rather than returning part of the list.
func TestListWithoutPagingRefusesToReadPart(t *testing.T) {
	doc := loadToolsDoc(t)
	delete(doc.inputProperties("promotion_list"), "page")
	delete(doc.inputProperties("promotion_list"), "size")
	g := newFakeGateway(t, doc)
	for i := range 25 {
		g.seedPromotion(fmt.Sprintf("01PROMO%04d", i), client.ReviewApproved, nil)
	}
	c := NewCatalog(g, doc.checked(t), testIdentity)
	_, err := c.ListPromotions(t.Context())
	if err == nil || !strings.Contains(err.Error(), "the list has 2 pages, but the tool takes no page argument") {
		t.Fatalf("err = %v", err)
	}
}

// TestConcurrentFirstReadsShareOneFetch: readers that all find no snapshot share one list call.
// The list call is held until every reader has missed, so no reader can arrive after the fetch
// finished: the count proves sharing, whatever the scheduling.
func TestConcurrentFirstReadsShareOneFetch(t *testing.T) {
	const readers = 8
	g := newFakeGateway(t, loadToolsDoc(t))
	for i := range readers {
		g.seedTemplate(fmt.Sprintf("T%02d", i), "body")
	}
	gate := make(chan struct{})
	g.gates["push_template_list"] = gate
	c := newTestCatalog(t, g)
	missed := make(chan struct{}, readers)
	c.templates.onMiss = func() { missed <- struct{}{} }

	var wg sync.WaitGroup
	errs := make(chan error, readers)
	for i := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.GetPushTemplate(t.Context(), fmt.Sprintf("demo-app-T%02d", i)); err != nil {
				errs <- err
			}
		}()
	}
	for range readers {
		<-missed
	}
	close(gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	assertCounts(t, g, map[string]int{"push_template_list": 1})
}

// TestLateJoinerUsesTheFinishedFetch: a reader that missed just before another reader's fetch
// finished (too late to join it) takes that result instead of fetching again. The reader is held
// between its miss and its fetch while the other fetch's result is stored, so the order is
// forced, not timed.
func TestLateJoinerUsesTheFinishedFetch(t *testing.T) {
	g := newFakeGateway(t, loadToolsDoc(t))
	c := newTestCatalog(t, g)
	missed, resume := make(chan struct{}), make(chan struct{})
	c.templates.onMiss = func() {
		close(missed)
		<-resume
	}
	done := make(chan error, 1)
	go func() {
		_, err := c.GetPushTemplate(t.Context(), "demo-app-WELCOME")
		done <- err
	}()
	<-missed
	c.templates.store(0, []client.PushTemplate{{Code: "WELCOME", TemplateSetCode: "demo-app-WELCOME"}})
	close(resume)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	assertCounts(t, g, map[string]int{})
}

// TestMutationInvalidatesItsTypeOnly: a change through the catalog makes the next read of that
// type list again (and see the change); other types keep their snapshot.
func TestMutationInvalidatesItsTypeOnly(t *testing.T) {
	ctx := t.Context()
	g := newFakeGateway(t, loadToolsDoc(t))
	g.seedTemplate("WELCOME", "old body")
	g.seedProduct(17, "Gems")
	c := newTestCatalog(t, g)

	if _, err := c.GetPushTemplate(ctx, "demo-app-WELCOME"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetIAPProduct(ctx, "17"); err != nil {
		t.Fatal(err)
	}
	in := fullTemplateInput()
	in.Body = "new body"
	if _, err := c.UpdatePushTemplate(ctx, "demo-app-WELCOME", in); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetPushTemplate(ctx, "demo-app-WELCOME")
	if err != nil || got.Body != "new body" || got.ReviewStatus != client.ReviewInReview {
		t.Fatalf("after the update: %+v %v", got, err)
	}
	if _, err := c.GetIAPProduct(ctx, "17"); err != nil {
		t.Fatal(err)
	}
	assertCounts(t, g, map[string]int{"push_template_list": 2, "push_template_update": 1, "iap_product_list": 1})
}

// TestFetchAcrossAMutationIsNotKept: a list fetched while a mutation of its type was under way
// serves the readers that waited for it, but the next read lists again and sees the change.
func TestFetchAcrossAMutationIsNotKept(t *testing.T) {
	ctx := t.Context()
	g := newFakeGateway(t, loadToolsDoc(t))
	g.seedTemplate("WELCOME", "old body")
	gate := make(chan struct{})
	g.gates["push_template_list"] = gate
	c := newTestCatalog(t, g)
	missed := make(chan struct{}, 1)
	c.templates.onMiss = func() { missed <- struct{}{} }

	done := make(chan error, 1)
	go func() {
		_, err := c.GetPushTemplate(ctx, "demo-app-WELCOME")
		done <- err
	}()
	<-missed // the reader has taken the generation it fetches for
	c.templates.onMiss = nil
	in := fullTemplateInput()
	in.Body = "new body"
	if _, err := c.UpdatePushTemplate(ctx, "demo-app-WELCOME", in); err != nil {
		t.Fatal(err)
	}
	close(gate)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	got, err := c.GetPushTemplate(ctx, "demo-app-WELCOME")
	if err != nil || got.Body != "new body" {
		t.Fatalf("a list fetched before the update was kept: %+v %v", got, err)
	}
	assertCounts(t, g, map[string]int{"push_template_list": 2, "push_template_update": 1})
}

// TestFreshReads: a context from client.WithFreshReads asks the gateway (templates by list,
// promotions and products by *_get), and what it reads replaces the object in the snapshot.
func TestFreshReads(t *testing.T) {
	ctx := t.Context()
	fresh := client.WithFreshReads(ctx)
	g := newFakeGateway(t, loadToolsDoc(t))
	g.seedTemplate("WELCOME", "body")
	g.seedProduct(17, "Gems")
	g.seedPromotion("01PROMO0001", client.ReviewInReview, nil)
	c := newTestCatalog(t, g)

	// Snapshot first, then the console decides the review out of band.
	if _, err := c.GetPromotion(ctx, "01PROMO0001"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetIAPProduct(ctx, "17"); err != nil {
		t.Fatal(err)
	}
	g.mu.Lock()
	g.promotions[0]["reviewStatus"] = client.ReviewRejected
	g.comments["01PROMO0001"] = "예산이 부족합니다"
	g.products[0]["catalogStatus"] = client.CatalogInactive
	g.templates[0]["reviewStatus"] = client.ReviewRejected
	g.mu.Unlock()

	if p, _ := c.GetPromotion(ctx, "01PROMO0001"); p.ReviewStatus != client.ReviewInReview {
		t.Fatalf("a snapshot read went to the gateway: %+v", p)
	}
	p, err := c.GetPromotion(fresh, "01PROMO0001")
	if err != nil || p.ReviewStatus != client.ReviewRejected || p.ReviewComment != "예산이 부족합니다" {
		t.Fatalf("fresh promotion: %+v %v", p, err)
	}
	if p, _ := c.GetPromotion(ctx, "01PROMO0001"); p.ReviewStatus != client.ReviewRejected || p.ReviewComment == "" {
		t.Fatalf("the snapshot did not take the fresh read: %+v", p)
	}
	prod, err := c.GetIAPProduct(fresh, "17")
	if err != nil || prod.CatalogStatus != client.CatalogInactive {
		t.Fatalf("fresh product: %+v %v", prod, err)
	}
	if prod, _ := c.GetIAPProduct(ctx, "17"); prod.CatalogStatus != client.CatalogInactive {
		t.Fatalf("the snapshot did not take the fresh read: %+v", prod)
	}
	tpl, err := c.GetPushTemplate(fresh, "demo-app-WELCOME")
	if err != nil || tpl.ReviewStatus != client.ReviewRejected {
		t.Fatalf("fresh template: %+v %v", tpl, err)
	}
	if _, err := c.GetPushTemplate(fresh, "demo-app-WELCOME"); err != nil {
		t.Fatal(err)
	}
	if tpl, _ := c.GetPushTemplate(ctx, "demo-app-WELCOME"); tpl.ReviewStatus != client.ReviewRejected {
		t.Fatalf("the snapshot did not take the fresh list: %+v", tpl)
	}
	assertCounts(t, g, map[string]int{"promotion_list": 1, "promotion_get": 1, "promotion_review_comment": 1,
		"iap_product_list": 1, "iap_product_get": 1, "push_template_list": 2})
}

// TestReviewCommentsOnlyForRejectedPromotions: the comment is read for REJECTED promotions only,
// once, and kept with the snapshot.
func TestReviewCommentsOnlyForRejectedPromotions(t *testing.T) {
	ctx := t.Context()
	g := newFakeGateway(t, loadToolsDoc(t))
	g.seedPromotion("01PROMO0001", client.ReviewApproved, nil)
	g.seedPromotion("01PROMO0002", client.ReviewRejected, nil)
	g.seedPromotion("01PROMO0003", client.ReviewInReview, nil)
	g.comments["01PROMO0001"] = "never read: not rejected"
	g.comments["01PROMO0002"] = "랜딩 URL을 확인하세요"
	c := newTestCatalog(t, g)

	for range 2 {
		all, err := c.ListPromotions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		comments := []string{all[0].ReviewComment, all[1].ReviewComment, all[2].ReviewComment}
		if !reflect.DeepEqual(comments, []string{"", "랜딩 URL을 확인하세요", ""}) {
			t.Fatalf("comments %q", comments)
		}
	}
	assertCounts(t, g, map[string]int{"promotion_list": 1, "promotion_review_comment": 1})
}

func TestPushTemplateMethods(t *testing.T) {
	ctx := t.Context()
	g := newFakeGateway(t, loadToolsDoc(t))
	c := newTestCatalog(t, g)

	created, err := c.CreatePushTemplate(ctx, fullTemplateInput())
	if err != nil {
		t.Fatal(err)
	}
	want := client.PushTemplate{Code: "WELCOME", TemplateSetCode: "demo-app-WELCOME", Name: "Welcome", Title: "Hello",
		Body: "Hi there", LandingURL: "intoss://demo-app/welcome", AgreementRequired: true, ReviewStatus: client.ReviewInReview}
	if !reflect.DeepEqual(*created, want) {
		t.Fatalf("created %+v", created)
	}
	in := fullTemplateInput()
	in.Code, in.LandingURL, in.AgreementRequired = "", "", false
	updated, err := c.UpdatePushTemplate(ctx, "demo-app-WELCOME", in)
	if err != nil || updated.LandingURL != "" || updated.AgreementRequired {
		t.Fatalf("update did not clear the optional fields: %+v %v", updated, err)
	}
	list, err := c.ListPushTemplates(ctx)
	if err != nil || len(list) != 1 || list[0].LandingURL != "" {
		t.Fatalf("list %+v %v", list, err)
	}
	got, err := c.GetPushTemplate(ctx, "demo-app-WELCOME")
	if err != nil || !reflect.DeepEqual(*got, list[0]) {
		t.Fatalf("get %+v %v", got, err)
	}

	before := g.total()
	err = c.DeletePushTemplate(ctx, "demo-app-WELCOME")
	var notDeletable *client.NotDeletableError
	if !errors.As(err, &notDeletable) || notDeletable.Kind != "push template" || notDeletable.ID != "demo-app-WELCOME" {
		t.Fatalf("delete: %v", err)
	}
	if g.total() != before {
		t.Fatalf("delete sent a call")
	}
}

func TestPromotionMethods(t *testing.T) {
	ctx := t.Context()
	g := newFakeGateway(t, loadToolsDoc(t))
	c := newTestCatalog(t, g)

	created, err := c.CreatePromotion(ctx, fullPromotionInput())
	if err != nil {
		t.Fatal(err)
	}
	want := client.Promotion{PromotionCode: created.PromotionCode, Name: "Spring", MissionName: "Open the app",
		BenefitTabExposed: true, LandingURL: "intoss://demo-app/spring", TotalBudget: 1000000, MaxAmountPerUserPerDay: 500,
		GrantType: client.GrantRandomMax, Amount: 300, Status: client.PromotionReady, ReviewStatus: client.ReviewInReview}
	if created.PromotionCode == "" || !reflect.DeepEqual(*created, want) {
		t.Fatalf("created %+v", created)
	}
	code := created.PromotionCode
	in := fullPromotionInput()
	in.Amount = 100
	if p, err := c.UpdatePromotion(ctx, code, in); err != nil || p.Amount != 100 {
		t.Fatalf("update %+v %v", p, err)
	}
	if p, err := c.SetPromotionStatus(ctx, code, client.PromotionRunning); err != nil || p.Status != client.PromotionRunning {
		t.Fatalf("start %+v %v", p, err)
	}
	if p, err := c.EndPromotion(ctx, code); err != nil || p.Status != client.PromotionEnded {
		t.Fatalf("end %+v %v", p, err)
	}
	list, err := c.ListPromotions(ctx)
	if err != nil || len(list) != 1 || list[0].Status != client.PromotionEnded {
		t.Fatalf("list %+v %v", list, err)
	}
	counts := g.count()
	if counts["promotion_change_status"] != 2 || counts["promotion_modify"] != 1 || counts["promotion_create"] != 1 {
		t.Fatalf("calls %s", describeCounts(counts))
	}
}

func TestIAPProductMethods(t *testing.T) {
	ctx := t.Context()
	g := newFakeGateway(t, loadToolsDoc(t))
	c := newTestCatalog(t, g)

	created, err := c.CreateIAPProduct(ctx, fullProductInput())
	if err != nil {
		t.Fatal(err)
	}
	want := client.IAPProduct{ProductID: created.ProductID, SKU: "demo-app." + created.ProductID, Type: client.IAPSubscription,
		Name: "Premium", Description: "All features", Price: 4900, GrossPrice: int64p(5390),
		IconImgURL: "https://static.example/premium.png", MinDeploymentID: "dep-7",
		PostInspectionStatus: client.CatalogInactive, RenewalCycle: "MONTHLY",
		DiscountPolicies: fullProductInput().DiscountPolicies, CatalogStatus: client.CatalogNotRegisteredYet,
		ReviewStatus: client.ReviewInReview}
	if !reflect.DeepEqual(*created, want) {
		t.Fatalf("created\n%+v\nwant\n%+v", created, want)
	}
	id := created.ProductID
	in := fullProductInput()
	in.Price, in.DiscountPolicies = 5900, nil
	if p, err := c.UpdateIAPProduct(ctx, id, in); err != nil || p.Price != 5900 || len(p.DiscountPolicies) != 0 {
		t.Fatalf("update %+v %v", p, err)
	}
	if p, err := c.SetIAPProductStatus(ctx, id, client.CatalogActive); err != nil || p.CatalogStatus != client.CatalogActive {
		t.Fatalf("expose %+v %v", p, err)
	}
	if p, err := c.DeactivateIAPProduct(ctx, id); err != nil || p.CatalogStatus != client.CatalogInactive {
		t.Fatalf("deactivate %+v %v", p, err)
	}
	before := g.total()
	if _, err := c.SetIAPProductStatus(ctx, id, "DELETED"); err == nil {
		t.Fatal("an unknown status was accepted")
	}
	if g.total() != before {
		t.Fatal("an unknown status was sent")
	}
	list, err := c.ListIAPProducts(ctx)
	if err != nil || len(list) != 1 || list[0].CatalogStatus != client.CatalogInactive {
		t.Fatalf("list %+v %v", list, err)
	}
}

// TestSnapshotCopiesAreTheCallersOwn: changing what a read returned does not change the snapshot.
func TestSnapshotCopiesAreTheCallersOwn(t *testing.T) {
	ctx := t.Context()
	g := newFakeGateway(t, loadToolsDoc(t))
	g.seedTemplate("WELCOME", "body")
	c := newTestCatalog(t, g)
	list, _ := c.ListPushTemplates(ctx)
	list[0].Body = "changed by the caller"
	one, _ := c.GetPushTemplate(ctx, "demo-app-WELCOME")
	one.Title = "changed too"
	again, _ := c.GetPushTemplate(ctx, "demo-app-WELCOME")
	if again.Body != "body" || again.Title != "t-WELCOME" {
		t.Fatalf("the snapshot was changed through a read: %+v", again)
	}
}

func TestNotFound(t *testing.T) {
	ctx := t.Context()
	fresh := client.WithFreshReads(ctx)
	g := newFakeGateway(t, loadToolsDoc(t))
	g.seedTemplate("WELCOME", "body")
	c := newTestCatalog(t, g)

	cases := []struct {
		name     string
		call     func() error
		wantType string
		wantMsg  string
	}{
		{"template absent from the list", func() error { _, err := c.GetPushTemplate(ctx, "demo-app-GONE"); return err },
			"*console.NotFoundError", `push template "demo-app-GONE" not found (absent from the push_template_list answer)`},
		{"promotion absent from the list", func() error { _, err := c.GetPromotion(ctx, "01GONE"); return err },
			"*console.NotFoundError", `promotion "01GONE" not found`},
		{"product absent from the list", func() error { _, err := c.GetIAPProduct(ctx, "99"); return err },
			"*console.NotFoundError", `IAP product "99" not found`},
		{"fresh promotion: -32000", func() error { _, err := c.GetPromotion(fresh, "01GONE"); return err },
			"*console.ToolError", "tool promotion_get failed with JSON-RPC error -32000: 존재하지 않는 정보 입니다"},
		{"fresh product: -32000", func() error { _, err := c.GetIAPProduct(fresh, "99"); return err },
			"*console.ToolError", "tool iap_product_get failed with JSON-RPC error -32000"},
		{"update: isError NOT_FOUND", func() error {
			_, err := c.UpdatePushTemplate(ctx, "demo-app-GONE", fullTemplateInput())
			return err
		}, "*console.ToolError", "tool push_template_update refused the call: errorCode NOT_FOUND, reason: 템플릿이 없습니다"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var nf interface{ NotFound() bool }
			if !errors.As(err, &nf) || !nf.NotFound() {
				t.Fatalf("err = %v, want one whose NotFound() is true", err)
			}
			if got := fmt.Sprintf("%T", nf); got != tc.wantType {
				t.Errorf("type %s, want %s", got, tc.wantType)
			}
			var coded interface{ Code() string }
			if tc.wantType == "*console.NotFoundError" && (!errors.As(err, &coded) || coded.Code() != client.CodeNotFound) {
				t.Errorf("Code() of %v is not NOT_FOUND", err)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("message %q lacks %q", err, tc.wantMsg)
			}
		})
	}
}

func TestToolRefusalIsQuoted(t *testing.T) {
	ctx := t.Context()
	g := newFakeGateway(t, loadToolsDoc(t))
	g.seedTemplate("WELCOME", "body")
	c := newTestCatalog(t, g)
	_, err := c.CreatePushTemplate(ctx, fullTemplateInput())
	var te *ToolError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want *ToolError", err)
	}
	if te.Code() != client.CodeConflict || te.Field() != "code" || te.Reason != "이미 존재하는 템플릿 코드입니다" || te.NotFound() {
		t.Fatalf("refusal %+v", te)
	}
	want := "the Apps in Toss console gateway: tool push_template_create refused the call: errorCode CONFLICT, " +
		"reason: 이미 존재하는 템플릿 코드입니다 (field code)"
	if err.Error() != want {
		t.Fatalf("message\n%s\nwant\n%s", err, want)
	}
}

// Lost answers: a create is never sent again; a fresh list decides.

func lostCreate(t *testing.T, err error, tool string, wantInMessage ...string) {
	t.Helper()
	var unknown *client.OutcomeUnknownError
	if !errors.As(err, &unknown) {
		t.Fatalf("err = %v, want *client.OutcomeUnknownError", err)
	}
	if unknown.Method != "tools/call" || unknown.Path != tool || unknown.Attempts != 1 {
		t.Errorf("OutcomeUnknownError %+v", unknown)
	}
	var lost *LostAnswerError
	if !errors.As(err, &lost) {
		t.Errorf("the lost answer is not in the chain: %v", err)
	}
	for _, w := range wantInMessage {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("message lacks %q:\n%s", w, err)
		}
	}
}

func TestLostTemplateCreate(t *testing.T) {
	t.Run("created: adopted by its code", func(t *testing.T) {
		g := newFakeGateway(t, loadToolsDoc(t))
		g.lose["push_template_create"] = true
		c := newTestCatalog(t, g)
		got, err := c.CreatePushTemplate(t.Context(), fullTemplateInput())
		if err != nil {
			t.Fatal(err)
		}
		if got.TemplateSetCode != "demo-app-WELCOME" || got.Body != "Hi there" {
			t.Fatalf("adopted %+v", got)
		}
		assertCounts(t, g, map[string]int{"push_template_create": 1, "push_template_list": 1})
	})
	t.Run("same code, other content: refused", func(t *testing.T) {
		g := newFakeGateway(t, loadToolsDoc(t))
		g.seedTemplate("WELCOME", "someone else's body")
		g.lose["push_template_create"] = true
		c := newTestCatalog(t, g)
		_, err := c.CreatePushTemplate(t.Context(), fullTemplateInput())
		lostCreate(t, err, "push_template_create", "a template with code WELCOME exists (templateSetCode demo-app-WELCOME",
			"content differs", "candidates: demo-app-WELCOME")
		assertCounts(t, g, map[string]int{"push_template_create": 1, "push_template_list": 1})
	})
	t.Run("not created: refused", func(t *testing.T) {
		g := newFakeGateway(t, loadToolsDoc(t))
		g.loseBefore["push_template_create"] = true
		c := newTestCatalog(t, g)
		_, err := c.CreatePushTemplate(t.Context(), fullTemplateInput())
		lostCreate(t, err, "push_template_create", "no template with code WELCOME is listed", "candidates: none")
		assertCounts(t, g, map[string]int{"push_template_create": 1, "push_template_list": 1})
	})
}

func TestLostPromotionCreate(t *testing.T) {
	twin := func(g *fakeGateway) {
		// Another process creates a promotion with the same content while ours is in flight.
		g.beforeCall = func(name string) {
			if name == "promotion_create" {
				g.promotions = append(g.promotions, map[string]any{"promotionCode": "01TWIN", "name": "Spring",
					"missionName": "Open the app", "benefitTabExposed": true, "landingUrl": "intoss://demo-app/spring",
					"totalBudget": 1000000, "maxAmountPerUserPerDay": 500, "grantType": "RANDOM_MAX", "amount": 300,
					"status": "READY", "reviewStatus": "IN_REVIEW", "budgetUsed": 0})
			}
		}
	}
	t.Run("one new match: adopted, the older twin is not", func(t *testing.T) {
		g := newFakeGateway(t, loadToolsDoc(t))
		// A promotion with the same content that existed before the create must not be taken.
		g.seedPromotion("01OLD", client.ReviewApproved, map[string]any{"landingUrl": "intoss://demo-app/spring"})
		g.lose["promotion_create"] = true
		c := newTestCatalog(t, g)
		got, err := c.CreatePromotion(t.Context(), fullPromotionInput())
		if err != nil {
			t.Fatal(err)
		}
		if got.PromotionCode == "01OLD" || !strings.HasPrefix(got.PromotionCode, "01PROMO") {
			t.Fatalf("adopted %+v", got)
		}
		assertCounts(t, g, map[string]int{"promotion_list": 2, "promotion_create": 1})
	})
	t.Run("two new matches: refused, both listed", func(t *testing.T) {
		g := newFakeGateway(t, loadToolsDoc(t))
		g.lose["promotion_create"] = true
		twin(g)
		c := newTestCatalog(t, g)
		_, err := c.CreatePromotion(t.Context(), fullPromotionInput())
		lostCreate(t, err, "promotion_create", "2 new promotions match this create's content, so none was adopted",
			"promotionCode 01TWIN", "promotionCode 01PROMO0101")
		assertCounts(t, g, map[string]int{"promotion_list": 2, "promotion_create": 1})
	})
	t.Run("no new match: refused", func(t *testing.T) {
		g := newFakeGateway(t, loadToolsDoc(t))
		g.loseBefore["promotion_create"] = true
		c := newTestCatalog(t, g)
		_, err := c.CreatePromotion(t.Context(), fullPromotionInput())
		lostCreate(t, err, "promotion_create", "no new promotion matches this create's content", "candidates: none")
	})
	t.Run("an answered create is known, so a later lost one is told apart", func(t *testing.T) {
		g := newFakeGateway(t, loadToolsDoc(t))
		c := newTestCatalog(t, g)
		first, err := c.CreatePromotion(t.Context(), fullPromotionInput())
		if err != nil {
			t.Fatal(err)
		}
		g.lose["promotion_create"] = true
		second, err := c.CreatePromotion(t.Context(), fullPromotionInput())
		if err != nil {
			t.Fatal(err)
		}
		if second.PromotionCode == first.PromotionCode {
			t.Fatalf("adopted the first create's promotion %s", first.PromotionCode)
		}
		assertCounts(t, g, map[string]int{"promotion_list": 2, "promotion_create": 2})
	})
}

func TestLostProductCreate(t *testing.T) {
	t.Run("one new match: adopted", func(t *testing.T) {
		g := newFakeGateway(t, loadToolsDoc(t))
		g.seedProduct(17, "Gems")
		g.lose["iap_product_create_inspection"] = true
		c := newTestCatalog(t, g)
		got, err := c.CreateIAPProduct(t.Context(), fullProductInput())
		if err != nil {
			t.Fatal(err)
		}
		if got.ProductID != "101" || got.Name != "Premium" || len(got.DiscountPolicies) != 2 {
			t.Fatalf("adopted %+v", got)
		}
		assertCounts(t, g, map[string]int{"iap_product_list": 2, "iap_product_create_inspection": 1})
	})
	t.Run("two new matches: refused", func(t *testing.T) {
		g := newFakeGateway(t, loadToolsDoc(t))
		g.lose["iap_product_create_inspection"] = true
		g.beforeCall = func(name string) {
			if name == "iap_product_create_inspection" {
				g.products = append(g.products, map[string]any{"productId": 55, "productType": "SUBSCRIPTION",
					"productName": "Premium", "description": "All features", "netPrice": 4900,
					"iconImgUrl": "https://static.example/premium.png", "minDeploymentId": "dep-7", "renewalCycle": "MONTHLY",
					"discountPolicies": []any{map[string]any{"type": "FREE_TRIAL", "period": "ONE_WEEK"},
						map[string]any{"type": "NEW_SUBSCRIPTION", "durationMonths": 3, "discountedNetPrice": 2900}},
					"catalogStatus": "NOT_REGISTERED_YET", "currentInspection": map[string]any{"id": 9, "status": "IN_PROGRESS"}})
			}
		}
		c := newTestCatalog(t, g)
		_, err := c.CreateIAPProduct(t.Context(), fullProductInput())
		lostCreate(t, err, "iap_product_create_inspection", "2 new IAP products match", "productId 55", "productId 101")
	})
	t.Run("no new match, other new content listed: refused", func(t *testing.T) {
		g := newFakeGateway(t, loadToolsDoc(t))
		g.loseBefore["iap_product_create_inspection"] = true
		c := newTestCatalog(t, g)
		if err := c.knownProducts.load(t.Context(), c.productIDs); err != nil {
			t.Fatal(err)
		}
		g.seedProduct(33, "Someone else's")
		_, err := c.CreateIAPProduct(t.Context(), fullProductInput())
		lostCreate(t, err, "iap_product_create_inspection", "no new IAP product matches", "candidates: none",
			`new with other content: productId 33 (name "Someone else's"`)
	})
}

// TestLostUpdateIsOutcomeUnknown: an update or a status change whose answer was lost (after the
// caller's retries) is reported as unknown; it is not reconciled.
func TestLostUpdateIsOutcomeUnknown(t *testing.T) {
	g := newFakeGateway(t, loadToolsDoc(t))
	g.seedProduct(17, "Gems")
	g.lose["iap_product_change_status"] = true
	c := newTestCatalog(t, g)
	_, err := c.DeactivateIAPProduct(t.Context(), "17")
	lostCreate(t, err, "iap_product_change_status", "no answer after 1 attempts, the outcome is unknown")
	assertCounts(t, g, map[string]int{"iap_product_change_status": 1})
}

// TestIdentityTravelsWithEveryCall: the catalog's mini-app is in every call (the fake's schemas
// require both ids; here their values are checked).
func TestIdentityTravelsWithEveryCall(t *testing.T) {
	var seen []map[string]any
	rec := recordingCaller{inner: newFakeGateway(t, loadToolsDoc(t)), calls: &seen}
	c := NewCatalog(rec, loadToolsDoc(t).checked(t), Identity{WorkspaceID: "1", MiniAppID: "10"})
	if _, err := c.CreatePushTemplate(t.Context(), fullTemplateInput()); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || seen[0]["workspaceId"] != int64(1) || seen[0]["miniAppId"] != int64(10) {
		t.Fatalf("calls %v", seen)
	}
}

type recordingCaller struct {
	inner ToolCaller
	calls *[]map[string]any
}

func (r recordingCaller) CallTool(ctx context.Context, name string, args map[string]any) (json.RawMessage, error) {
	*r.calls = append(*r.calls, args)
	return r.inner.CallTool(ctx, name, args)
}
