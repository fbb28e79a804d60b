/**
 * The preview's WXSS → CSS mapping (scripts/preview.mjs photographs what these produce): a wrong
 * unit or selector would make every picture lie about sizes or drop a page's styles.
 */
import { mapSelectors, rpxToPx } from './preview';

test('rpx are half a CSS pixel on the 375 px phone, decimals and negatives included; px stay', () => {
  expect(rpxToPx('margin: 20rpx 24rpx; width: 750rpx')).toBe('margin: 10px 12px; width: 375px');
  expect(rpxToPx('top: -3rpx; border: 1.5rpx solid; height: .5rpx')).toBe('top: -1.5px; border: 0.75px solid; height: 0.25px');
  expect(rpxToPx('font-size: 14px')).toBe('font-size: 14px');
});

test('tag selectors land on the rendered elements, page on the page root; classes, values and keyframes untouched', () => {
  expect(mapSelectors('view{display:flex}')).toBe('wx-view{display:flex}');
  expect(mapSelectors('.a view>text,image.b{color:red}')).toBe('.a wx-view>wx-text,wx-image.b{color:red}');
  expect(mapSelectors('page{background:#f7f8fa;--x:view}')).toBe('.wx-page{background:#f7f8fa;--x:view}');
  expect(mapSelectors('.main--text-muted{color:#969799}.main--view{x:1}')).toBe('.main--text-muted{color:#969799}.main--view{x:1}');
  expect(mapSelectors('@keyframes spin{from{transform:rotate(0)}to{transform:rotate(360deg)}}')).toBe('@keyframes spin{from{transform:rotate(0)}to{transform:rotate(360deg)}}');
  expect(mapSelectors('scroll-view button{x:1}')).toBe('wx-scroll-view wx-button{x:1}');
});
