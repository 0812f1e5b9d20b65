package resources_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/acctest"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

func TestAccIAPProductLookups(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), iapProductLookups)
}

func iapProductLookups(t *testing.T, inst *catalogEnv) {
	c := catalogFiller(t, inst)
	ctx := context.Background()
	create := must[*client.IAPProduct](t)
	coins := create(c.CreateIAPProduct(ctx, client.IAPProductInput{Type: client.IAPConsumable, Name: "코인 100개",
		Description: "게임 코인 100개", Price: 1000, IconImgURL: "https://cdn.example.com/coins.png"}))
	months := int64(3)
	discounted := int64(3000)
	premium := create(c.CreateIAPProduct(ctx, client.IAPProductInput{Type: client.IAPSubscription, Name: "프리미엄",
		Description: "월간 프리미엄 구독", Price: 5000, IconImgURL: "https://cdn.example.com/premium.png", RenewalCycle: "MONTHLY", PostInspectionStatus: client.CatalogInactive,
		DiscountPolicies: []client.DiscountPolicy{
			{Type: client.DiscountFreeTrial, Period: "ONE_WEEK"},
			{Type: client.DiscountNewSubscription, DurationMonths: &months, DiscountedPrice: &discounted},
		}}))
	create(c.CreateIAPProduct(ctx, client.IAPProductInput{Type: client.IAPNonConsumable, Name: "광고 제거",
		Description: "배너 광고를 영구히 숨겨요", Price: 3000, IconImgURL: "https://cdn.example.com/no-ads.png"}))
	coins = must[*client.IAPProduct](t)(c.GetIAPProduct(ctx, coins.ProductID))
	inst.DecideReview(t, "iap-products", coins.ProductID, "APPROVED", "")
	inst.DecideReview(t, "iap-products", premium.ProductID, "APPROVED", "")
	coins = must[*client.IAPProduct](t)(c.GetIAPProduct(ctx, coins.ProductID))
	if coins.SKU == "" {
		t.Fatal("the emulator assigned no sku")
	}

	const byID, bySKU = "data.appsintoss_iap_product.by_id", "data.appsintoss_iap_product.by_sku"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      lookupProvider(inst) + "data \"appsintoss_iap_product\" \"x\" {\n  sku = \"ait.no.such.sku\"\n}\n",
				ExpectError: regexp.MustCompile(`(?s)IAP product not found.*sku "ait.no.such.sku"\s+\(3\s+products\s+listed\)`),
			},
			{
				Config: lookupProvider(inst) + "data \"appsintoss_iap_product\" \"x\" {\n  product_id = \"999999\"\n}\n",
				ExpectError: regexpOnRoad(inst, `(?s)IAP product not found.*product_id "999999".*errorCode\s+NOT_FOUND`,
					`(?s)IAP product not found.*product_id "999999".*absent\s+from\s+the\s+iap_product_list\s+answer`),
			},
			{
				Config:      lookupProvider(inst) + "data \"appsintoss_iap_product\" \"x\" {\n  product_id = \"a/b\"\n}\n",
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Value Match.*product_id`),
			},
			{
				Config: lookupProvider(inst) + fmt.Sprintf("data \"appsintoss_iap_product\" \"x\" {\n  product_id = %q\n  sku = %q\n}\n",
					coins.ProductID, coins.SKU),
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination`),
			},
			{
				Config:      lookupProvider(inst) + "data \"appsintoss_iap_products\" \"x\" {\n  type = \"BUNDLE\"\n}\n",
				ExpectError: regexp.MustCompile(`(?s)type.*CONSUMABLE`),
			},
			{
				Config: lookupProvider(inst) + fmt.Sprintf(`
data "appsintoss_iap_product" "by_id" {
  product_id = %q
}
data "appsintoss_iap_product" "by_sku" {
  sku = %q
}
data "appsintoss_iap_products" "all" {}
data "appsintoss_iap_products" "subscriptions" {
  type = "SUBSCRIPTION"
}
data "appsintoss_iap_products" "active_approved" {
  catalog_status = "ACTIVE"
  review_status  = "APPROVED"
}
data "appsintoss_iap_products" "unregistered" {
  catalog_status = "NOT_REGISTERED_YET"
}
`, premium.ProductID, coins.SKU),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(byID, tfjsonpath.New("type"), knownvalue.StringExact("SUBSCRIPTION")),
					statecheck.ExpectKnownValue(byID, tfjsonpath.New("name"), knownvalue.StringExact("프리미엄")),
					statecheck.ExpectKnownValue(byID, tfjsonpath.New("price"), knownvalue.Int64Exact(5000)),
					statecheck.ExpectKnownValue(byID, tfjsonpath.New("gross_price"), knownvalue.Int64Exact(5500)),
					statecheck.ExpectKnownValue(byID, tfjsonpath.New("renewal_cycle"), knownvalue.StringExact("MONTHLY")),
					statecheck.ExpectKnownValue(byID, tfjsonpath.New("catalog_status"), knownvalue.StringExact("INACTIVE")),
					statecheck.ExpectKnownValue(byID, tfjsonpath.New("description"), knownvalue.StringExact("월간 프리미엄 구독")),
					statecheck.ExpectKnownValue(byID, tfjsonpath.New("discount_policies"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"type": knownvalue.StringExact("FREE_TRIAL"),
							"period": knownvalue.StringExact("ONE_WEEK"), "duration_months": knownvalue.Null(), "discounted_price": knownvalue.Null()}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"type": knownvalue.StringExact("NEW_SUBSCRIPTION"),
							"period": knownvalue.Null(), "duration_months": knownvalue.Int64Exact(3), "discounted_price": knownvalue.Int64Exact(3000)}),
					})),
					statecheck.ExpectKnownValue(bySKU, tfjsonpath.New("product_id"), knownvalue.StringExact(coins.ProductID)),
					statecheck.ExpectKnownValue(bySKU, tfjsonpath.New("name"), knownvalue.StringExact("코인 100개")),
					statecheck.ExpectKnownValue(bySKU, tfjsonpath.New("description"), knownvalue.StringExact("게임 코인 100개")),
					statecheck.ExpectKnownValue(bySKU, tfjsonpath.New("icon_img_url"), knownvalue.StringExact("https://cdn.example.com/coins.png")),
					statecheck.ExpectKnownValue(bySKU, tfjsonpath.New("catalog_status"), knownvalue.StringExact("ACTIVE")),
					statecheck.ExpectKnownValue(bySKU, tfjsonpath.New("renewal_cycle"), knownvalue.Null()),
					statecheck.ExpectKnownValue(bySKU, tfjsonpath.New("discount_policies"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue("data.appsintoss_iap_products.all", tfjsonpath.New("products"), knownvalue.ListSizeExact(3)),
					statecheck.ExpectKnownValue("data.appsintoss_iap_products.subscriptions", tfjsonpath.New("products"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"product_id": knownvalue.StringExact(premium.ProductID)}),
					})),
					statecheck.ExpectKnownValue("data.appsintoss_iap_products.active_approved", tfjsonpath.New("products"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"sku": knownvalue.StringExact(coins.SKU)}),
					})),
					statecheck.ExpectKnownValue("data.appsintoss_iap_products.unregistered", tfjsonpath.New("products"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("광고 제거"),
							"review_status": knownvalue.StringExact("IN_REVIEW")}),
					})),
				},
			},
		},
	})
}
