# An IAP product is imported by its product_id.
terraform import appsintoss_iap_product.premium 17
