/**
 * NB209 and IPython's `display` rebound to an object nothing calls (rounds 14, 15, 16: every such
 * row judged debatable): `display` is no Python builtin but a name IPython puts in the user's
 * namespace, and IPython's own output machinery never looks it up there. Rebinding it breaks only
 * a later `display(...)` call; a notebook that makes no such call loses nothing. A rebinding that a
 * call after it reaches (a `def display` called below, `display(df)` further down) stays reported,
 * and so does every real builtin (`list = [...]`) whether or not it is called again.
 */
import rule from '../../src/rules/shadowed-builtin';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // lq16 ageron+handson-ml2/18_reinforcement_learning.ipynb, cell 19 (judged debatable): the
      // book's Colab set-up starts a virtual display for Gym's frames
      name: 'a pyvirtualdisplay Display under the name display, never called',
      cells: [
        'import pyvirtualdisplay\n\ndisplay = pyvirtualdisplay.Display(visible=0, size=(1400, 900)).start()',
        'frame = env.render(mode="rgb_array")\nplt.imshow(frame)'
      ]
    },
    {
      // lq14 jeffheaton+t81_558_deep_learning/assignments/assignment_yourname_class7.ipynb,
      // cell 10, and lq15 aamini+introtodeeplearning/xtra_labs/rl_pong/RL.ipynb, cell 38
      // (judged debatable): YOLOv5's set-up idiom, a simulator's display used by its methods
      name: "YOLOv5's notebook_init and a simulator's display, used only by attribute",
      cells: [
        'import utils\ndisplay = utils.notebook_init()',
        'display = vista.Display(world, road_buffer_size=2, display_frequency=10)\ndisplay.reset()\nfor i in range(10):\n    display.render()',
        'IPython.display.display(frame)\nfrom IPython import display as ipd\nipd.clear_output(wait=True)'
      ]
    }
  ],
  invalid: [
    {
      name: 'display rebound, then called in a later cell',
      cells: [
        'from pyvirtualdisplay import Display\ndisplay = Display(visible=0)',
        'display(df.head())'
      ],
      errors: [
        {
          message: '"display" shadows IPython\'s display()',
          messageId: 'shadowedIPython',
          cell: 1,
          line: 2,
          column: 1
        }
      ]
    },
    {
      name: 'display rebound and called in the same cell, below the binding',
      cells: [
        'display = make_display()\nfor frame in frames:\n    display (frame)'
      ],
      errors: [
        { message: '"display" shadows IPython\'s display()', cell: 1, line: 1 }
      ]
    },
    {
      name: 'a real builtin stays reported though nothing calls it again',
      cells: ['input = ["Lot Area", "Year Built"]', 'print(len(input))'],
      errors: [{ message: '"input" shadows the builtin', cell: 1, line: 1 }]
    }
  ]
});
