import { View } from '@tarojs/components'
import { Card, Page } from '../../components/Page'

export interface Section {
  title: string
  paragraphs: string[]
}

/** A readable agreement page (#14 conventions): headed sections, large text, nothing to tap but back. */
export function LegalDoc({ className, intro, sections, updated }: { className: string; intro: string; sections: Section[]; updated: string }) {
  return (
    <Page className={className}>
      <Card>
        <View className='legal-intro'>{intro}</View>
        <View className='muted'>{`更新日期：${updated}`}</View>
      </Card>
      {sections.map((s) => (
        <Card key={s.title} title={s.title} className='legal-section'>
          {s.paragraphs.map((p, i) => (
            <View key={i} className='legal-p'>
              {p}
            </View>
          ))}
        </Card>
      ))}
    </Page>
  )
}
